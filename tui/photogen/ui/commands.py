"""Command palette provider built from the binding registry."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from photogen.ui.bindings import REGISTRY, KeySpec, effective_keys

#: Registry ids the palette leaves out: typing keys, not commands.
_NOT_COMMANDS = frozenset(
    {
        "send",
        "newline",
        "history-previous",
        "history-next",
        "command-palette",
        "focus-next",
        "focus-previous",
        "cancel-job",
    }
)


def palette_specs() -> list[KeySpec]:
    """The registry entries offered by the palette."""
    return [spec for spec in REGISTRY if spec.id not in _NOT_COMMANDS]


class PhotogenCommands(Provider):
    """Every registry command, searchable by its description and help text."""

    def _offered(self) -> list[KeySpec]:
        """The palette's commands the screen offers now (``check_action`` not False)."""
        return [
            spec
            for spec in palette_specs()
            if spec.scope == "app" or self.screen.check_action(spec.action, ()) is not False
        ]

    def _keys(self) -> dict[str, str]:
        keymap = getattr(self.app, "keymap_overrides", {})
        return effective_keys(keymap)

    async def _run(self, spec: KeySpec) -> None:
        target = self.app if spec.scope == "app" else self.screen
        await target.run_action(spec.action)

    async def discover(self) -> Hits:
        """All commands, before the user types."""
        keys = self._keys()
        for spec in self._offered():
            yield DiscoveryHit(
                f"{spec.description}  ({keys[spec.id]})",
                partial(self._run, spec),
                text=spec.description,
                help=spec.help,
            )

    async def search(self, query: str) -> Hits:
        """Commands whose name matches the query."""
        matcher = self.matcher(query)
        keys = self._keys()
        for spec in self._offered():
            label = f"{spec.description}: {spec.help}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(label),
                    partial(self._run, spec),
                    text=spec.description,
                    help=f"key: {keys[spec.id]}",
                )
