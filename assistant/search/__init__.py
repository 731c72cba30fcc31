"""Finding clauses: chunks, embeddings, the vector store and the lexical index, fused by the
retriever; duties and items embedded one by one; the vectors shipped with the corpus."""
