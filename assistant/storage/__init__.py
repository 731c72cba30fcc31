"""What outlives a request: answers, feedback and conversation sessions in the database, and the
rate limit's counts."""
