"""Reading what users have: documents (Document/Block), one reader per format, corpora, input splits."""
