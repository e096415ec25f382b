"""The GraphQL surface of documents."""
