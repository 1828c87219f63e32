"""Last stage: what the user reads (text) and what machines read (JSON, SARIF)."""
