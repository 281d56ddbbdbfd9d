"""The spec language: lark parser, syntax AST, and lowering to the typed IR."""
