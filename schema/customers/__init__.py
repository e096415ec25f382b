"""The GraphQL surface of customers."""
