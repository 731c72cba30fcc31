"""The regulation: its text parsed into clauses (the document model), loaded once per process,
cited, cross-referenced and shown as it should read (restorations)."""
