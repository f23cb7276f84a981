"""Data in and out: the shapes the directory publishes (our JSON, Popolo, CSV, vCard,
schema.org JSON-LD) and, later, the importers. Every output is built for one viewer from
``organizations.queries`` and ``visibility``: nothing here filters by hand."""
