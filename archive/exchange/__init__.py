"""A testimony's index and transcript exchanged with other archives: OHMS XML and WebVTT, read and written.

Here in archive (not an app of its own) because it is about the archive's own records and files alone, and the
admin that imports them is archive's too; the public downloads (memorial) call it.
"""
