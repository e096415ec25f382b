"""The GraphQL surface of staff."""
