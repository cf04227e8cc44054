"""The visit timer engine: a visit's intervals as a state machine over an injected clock.

No Qt, no SQLite.
"""
