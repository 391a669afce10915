"""The partnership registry: partnerships, organisations, users and roles, and the shared building blocks
(access policy, access log, exports) the other apps stand on."""
