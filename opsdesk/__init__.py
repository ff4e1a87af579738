"""OpsDesk — 机房值班运维台, the duty-room console of a hospital data centre."""

__version__ = "0.2.0"
