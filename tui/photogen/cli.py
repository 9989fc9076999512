"""Command line: ``photogen-tui [tui] | serve | generate | models``.

Each command imports what it needs only when it runs, so ``--help`` and start-up stay fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

EXPORT_FORMATS = ("mp4", "png", "jpg", "webp")
ASPECTS = ("1:1", "4:5", "9:16", "16:9")


class _VersionAction(argparse.Action):
    """``--version``: reads the installed version only when asked (it costs ~30 ms)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        import photogen

        parser.exit(message=f"photogen-tui {photogen.__version__}\n")


def _add_backend_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cloud",
        action="store_true",
        help="use the NemoVideo cloud instead of the embedded local server",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="photogen-tui",
        description="Make photos from words and pictures in the terminal.",
    )
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command")

    tui = commands.add_parser("tui", help="the terminal app (the default)")
    _add_backend_flags(tui)
    tui.add_argument("--session", help="reopen this session id")

    serve = commands.add_parser("serve", help="run the local server alone (e.g. on a GPU box)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8765, help="port to listen on")
    serve.add_argument("--data-dir", help="where tokens, sessions and media are kept")
    serve.add_argument(
        "--device",
        choices=("auto", "cuda", "mps", "cpu"),
        default="auto",
        help="where AI models run (auto: CUDA, MPS, else CPU)",
    )

    gen = commands.add_parser("generate", help="make a photo (and export it) without the app")
    gen.add_argument("prompt", help='what to make, e.g. "a perfume bottle on marble"')
    gen.add_argument("--image", action="append", default=[], help="a photo to edit (repeatable)")
    gen.add_argument("--aspect", choices=ASPECTS, help="aspect ratio of the photo")
    gen.add_argument("--export", choices=EXPORT_FORMATS, default="png", help="output format")
    gen.add_argument("--out", help="output file (default: the download folder)")
    gen.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    gen.add_argument("--json", action="store_true", help="print a JSON summary to stdout")
    _add_backend_flags(gen)
    _add_models_command(commands)
    return parser


def _add_models_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from photogen.models.command import add_parser

    add_parser(commands)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``photogen-tui`` console script."""
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        from photogen.server.__main__ import main as serve_main

        serve_args = ["--host", args.host, "--port", str(args.port)]
        if args.data_dir:
            serve_args += ["--data-dir", args.data_dir]
        serve_args += ["--device", args.device]
        return serve_main(serve_args) or 0
    if args.command == "models":
        from photogen.models.command import run

        return run(args)
    if args.command == "generate":
        from photogen.headless import run_generate

        return run_generate(args)
    from photogen.ui.app import run_app

    run_app(
        cloud=getattr(args, "cloud", False),
        session_id=getattr(args, "session", None),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
