"""The regulator database: storage, history, undo and safe concurrent edits.

Importing this package is cheap on purpose: `db.reader` (used by the offline CLI to answer from the
database) needs only the standard library. SQLAlchemy is imported by `db.models`, `db.engine`,
`db.migrate` and the registry's modules (`db.registry` and its parts: results, mirror, writer, watches) only.
"""
