"""The GraphQL surface of registration."""
