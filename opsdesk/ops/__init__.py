"""One small verb per user action (STYLE.md): functions over a Session that the
UI, the CLI and tests all call. Each checks the actor's permission itself."""
