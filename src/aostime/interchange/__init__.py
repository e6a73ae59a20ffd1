"""Reading and writing other trackers' files. Pure domain code: each module turns text into the
plain records of `records.py` (or records into text); none of them touches the database, Typer
or Rich. services/interchange.py resolves the records against the database."""
