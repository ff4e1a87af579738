"""Device profiles as data: the TOML a profile is written in, parsed to dataclasses
(:mod:`.spec`), and the small expression language its derived values use (:mod:`.expr`).

Pure parsing, no SNMP I/O and no database: the probes read devices with these profiles, and
ops checks a site profile a console or the command line saves with the same parser, so both
sit above this package and neither imports the other.
"""
