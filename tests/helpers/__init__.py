"""What the tests share: the local fake Discord and its request contract, a throw-away PostgreSQL, the real
engine over the bundled data, the understanding corpus, bot processes for the deployment tests, a web server whose
pages change, and the data files that load on their own."""
