"""A fast first pass of schema validation for content that is valid, which is nearly all of it.

jsonschema checks a typical report year in about 100 ms, most of a `lkjip validate` run, because it
builds a validator object for every subschema it descends into. This module compiles each schema
once into plain Python functions for the keywords the lkjip schemas use, with jsonschema's
semantics, and collects the id markers (x-definisi, x-rujukan, x-rujukan-tahun) on the way.

It only ever answers "valid, with these markers" or "not valid": for a file it finds any problem in
(or a schema using a keyword it does not know), validate.py asks jsonschema itself, whose messages
and locations users see. A test compares both on every content file of the project.
"""
from __future__ import annotations

import numbers
import re
from decimal import Decimal

from jsonschema._utils import equal, uniq

MARKERS = ("x-definisi", "x-rujukan", "x-rujukan-tahun")
_IGNORED = {"title", "description", "$schema", "$defs", "$id", "$comment", "examples", "default", "then", "else",
            "markdownDescription", "deprecated", "readOnly", "writeOnly"}


class Unsupported(Exception):
    """The schema uses a keyword this module does not compile: use jsonschema."""


class Invalid(Exception):
    """The instance has a problem: stop at the first one, jsonschema will say which."""


_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, numbers.Number) and not isinstance(v, bool),
}


def _is_number(value) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


class Compiler:
    """Compiles schemas (as validate.load_schemas inlined them) into check(instance, path, markers)."""

    def __init__(self, documents: dict, format_checker):
        self.documents = documents
        self.formats = format_checker
        self.refs: dict = {}

    def compile(self, schema, current: str):
        if schema is True:
            return lambda value, path, markers: None
        if schema is False:
            def never(value, path, markers):
                raise Invalid
            return never
        if not isinstance(schema, dict):
            raise Unsupported(repr(schema))
        checks = [self._keyword(key, value, schema, current) for key, value in schema.items() if key not in _IGNORED]
        checks = [c for c in checks if c is not None]

        def check(value, path, markers):
            for one in checks:
                one(value, path, markers)
        return check

    def _ref(self, ref: str, current: str):
        file, _, fragment = ref.partition("#")
        file = file or current
        key = (file, fragment)
        if key not in self.refs:
            self.refs[key] = None  # a recursive reference: compiled on first use
            node = self.documents[file]
            for part in [p for p in fragment.lstrip("/").split("/") if p]:
                node = node[part.replace("~1", "/").replace("~0", "~")]
            self.refs[key] = self.compile(node, file)

        def check(value, path, markers):
            self.refs[key](value, path, markers)
        return check

    def _keyword(self, key, arg, schema, current):  # noqa: C901 - one branch per keyword, as in jsonschema
        if key == "$ref":
            return self._ref(arg, current)
        if key in MARKERS:
            if not arg:
                return None

            def marker(value, path, markers):
                if isinstance(value, str):
                    markers.append((key, value, path))
            return marker
        if key == "type":
            kinds = [_TYPES[t] for t in ([arg] if isinstance(arg, str) else arg)]

            def type_(value, path, markers):
                if not any(kind(value) for kind in kinds):
                    raise Invalid
            return type_
        if key == "properties":
            compiled = [(name, self.compile(sub, current)) for name, sub in arg.items()]

            def properties(value, path, markers):
                if isinstance(value, dict):
                    for name, sub in compiled:
                        if name in value:
                            sub(value[name], path + (name,), markers)
            return properties
        if key == "additionalProperties":
            if "patternProperties" in schema:
                raise Unsupported("patternProperties")
            known = set(schema.get("properties", {}))
            if arg is False:
                def closed(value, path, markers):
                    if isinstance(value, dict) and any(name not in known for name in value):
                        raise Invalid
                return closed
            sub = self.compile(arg, current)

            def additional(value, path, markers):
                if isinstance(value, dict):
                    for name, item in value.items():
                        if name not in known:
                            sub(item, path + (name,), markers)
            return additional
        if key == "required":
            def required(value, path, markers):
                if isinstance(value, dict) and any(name not in value for name in arg):
                    raise Invalid
            return required
        if key == "items":
            if "prefixItems" in schema or not isinstance(arg, (dict, bool)):
                raise Unsupported("prefixItems")
            sub = self.compile(arg, current)

            def items(value, path, markers):
                if isinstance(value, list):
                    for index, item in enumerate(value):
                        sub(item, path + (index,), markers)
            return items
        if key == "propertyNames":
            sub = self.compile(arg, current)

            def property_names(value, path, markers):
                if isinstance(value, dict):
                    for name in value:
                        sub(name, path, markers)
            return property_names
        if key == "anyOf":
            branches = [self.compile(sub, current) for sub in arg]

            def any_of(value, path, markers):
                for branch in branches:
                    found: list = []
                    try:
                        branch(value, path, found)
                    except Invalid:
                        continue
                    if not found:  # in jsonschema a marker is an error, so a branch with one fails
                        return
                raise Invalid
            return any_of
        if key == "allOf":
            branches = [self.compile(sub, current) for sub in arg]

            def all_of(value, path, markers):
                for branch in branches:
                    branch(value, path, markers)
            return all_of
        if key == "if":
            if "else" in schema:
                raise Unsupported("else")
            condition = self.compile(arg, current)
            then = self.compile(schema.get("then", True), current)

            def if_(value, path, markers):
                found: list = []
                try:
                    condition(value, path, found)
                except Invalid:
                    return
                if not found:
                    then(value, path, markers)
            return if_
        return self._simple(key, arg)

    def _simple(self, key, arg):  # noqa: C901
        if key == "enum":
            def enum(value, path, markers):
                if all(not equal(each, value) for each in arg):
                    raise Invalid
            return enum
        if key == "const":
            def const(value, path, markers):
                if not equal(arg, value):
                    raise Invalid
            return const
        if key == "pattern":
            pattern = re.compile(arg)

            def pattern_(value, path, markers):
                if isinstance(value, str) and not pattern.search(value):
                    raise Invalid
            return pattern_
        bounds = {
            "maxLength": (lambda v: isinstance(v, str), lambda v: len(v) > arg),
            "minLength": (lambda v: isinstance(v, str), lambda v: len(v) < arg),
            "maxItems": (lambda v: isinstance(v, list), lambda v: len(v) > arg),
            "minItems": (lambda v: isinstance(v, list), lambda v: len(v) < arg),
            "maxProperties": (lambda v: isinstance(v, dict), lambda v: len(v) > arg),
            "minProperties": (lambda v: isinstance(v, dict), lambda v: len(v) < arg),
            "minimum": (_is_number, lambda v: v < arg),
            "maximum": (_is_number, lambda v: v > arg),
            "exclusiveMinimum": (_is_number, lambda v: v <= arg),
            "exclusiveMaximum": (_is_number, lambda v: v >= arg),
            "uniqueItems": (lambda v: bool(arg) and isinstance(v, list), lambda v: not uniq(v)),
            "x-desimal-maks": (lambda v: isinstance(v, Decimal), lambda v: v.as_tuple().exponent < -arg),
            "format": (lambda v: True, lambda v: not self.formats.conforms(v, arg)),
        }
        if key not in bounds:
            raise Unsupported(key)
        applies, fails = bounds[key]

        def bound(value, path, markers):
            if applies(value) and fails(value):
                raise Invalid
        return bound


def markers_if_valid(check, instance) -> list | None:
    """[(marker keyword, value, path)] when the instance is valid, None when it is not."""
    found: list = []
    try:
        check(instance, (), found)
    except (Invalid, TypeError, ValueError, ArithmeticError, RecursionError):
        return None  # jsonschema will say what is wrong
    return found
