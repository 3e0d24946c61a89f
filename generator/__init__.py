"""LKjIP generator: YAML content -> validated model -> computed figures -> Markdown pages -> MkDocs site.

Stages (one module each): loader -> validate -> compute -> render -> build.
"""
__version__ = "0.1.0"
