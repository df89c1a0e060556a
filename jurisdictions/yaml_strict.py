"""A YAML loader that refuses duplicate keys (YAML itself silently keeps the last one), for the data files and
every import. libyaml's parser when available (the speed of `yaml.CSafeLoader`), the safe constructor (plain
types only). `DuplicateKey` says which key, on which line, and where it first appeared."""

from __future__ import annotations

from typing import Any

import yaml

CParser: type | None = getattr(yaml, "CParser", None)  # libyaml's parser (events and nodes built in C), if built


class DuplicateKey(yaml.constructor.ConstructorError):
    def __init__(self, key: str, line: int, first: int, mark: Any) -> None:
        super().__init__(None, None, f"duplicate key {key!r} on line {line} (first on line {first}); YAML would "
                         "silently keep the last one", mark)
        self.key, self.line, self.first = key, line, first

    def __str__(self) -> str:
        return str(self.problem)


class NoDuplicates(yaml.constructor.SafeConstructor):
    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: the base class refuses it with its own message
                    continue
                line = key_node.start_mark.line + 1
                if first is not None:
                    raise DuplicateKey(str(key)[:80], line, first, key_node.start_mark)
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


if CParser is not None:
    class StrictLoader(CParser, NoDuplicates, yaml.resolver.Resolver):  # type: ignore[misc, valid-type]
        def __init__(self, stream: Any) -> None:
            CParser.__init__(self, stream)  # type: ignore[misc]
            NoDuplicates.__init__(self)
            yaml.resolver.Resolver.__init__(self)
else:  # pragma: no cover - without libyaml
    class StrictLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,  # type: ignore[no-redef]
                       NoDuplicates, yaml.resolver.Resolver):
        def __init__(self, stream: Any) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            NoDuplicates.__init__(self)
            yaml.resolver.Resolver.__init__(self)
