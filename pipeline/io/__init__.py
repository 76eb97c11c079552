"""Reading inputs and writing outputs: documents, corpora, records, sinks."""
