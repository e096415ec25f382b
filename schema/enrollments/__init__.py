"""The GraphQL surface of enrollments."""
