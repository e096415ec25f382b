"""The GraphQL surface of outcomes."""
