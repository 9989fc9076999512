"""Command line: ``photogen-tui [--cloud] [--session ID]`` (the app) | ``tui`` | ``serve`` |
``generate`` | ``models``.

Each command imports what it needs only when it runs, so ``--help`` and start-up stay fast.
A command is a subparser whose ``run`` default is the function that runs it: a new one is
an ``_add_<name>`` function called from :func:`build_parser`.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence

from photogen.headless_grid import add_grid_options
from photogen.wire.formats import EXPORT_FORMATS

ASPECTS = ("1:1", "4:5", "9:16", "16:9")

EXAMPLES = """\
examples:
  photogen-tui                      the app, with its own local server (offline, free)
  photogen-tui --cloud              the app, with the NemoVideo cloud
  photogen-tui --session ID         reopen a past session (ctrl+o in the app lists them)
  photogen-tui generate "a realistic photo of a product on a white background" --out shot.png
  photogen-tui generate "sunset over mountain lake" --aspect 9:16 --out clip.mp4
  photogen-tui generate "put it on a white background" --image mug.jpg --out mug-white.jpg
  photogen-tui serve --port 8765 --credits-per-image 0 --credits-per-edit 0
"""

ENVIRONMENT = """\
environment:
  NEMO_API_URL         the server to talk to (default: the embedded one; with --cloud, NemoVideo's)
  NEMO_TOKEN           your NemoVideo token (otherwise an anonymous one is fetched and cached)
  NEMO_CLIENT_ID       the client id for anonymous tokens (otherwise one is made and kept)
  NEMO_WEB_URL         NemoVideo's web site, for registration links (default: nemovideo.com)
  PHOTOGEN_MODEL       a local diffusers model folder for the optional neural engine
  PHOTOGEN_MODELS_DIR  where `photogen-tui models pull` keeps models (default: the data dir)
  HF_ENDPOINT, HF_TOKEN  the hub `models pull` downloads from, and a token for gated models
"""

Run = Callable[[argparse.Namespace], int]


def _config_path() -> str:
    from photogen.core.settings import default_config_path

    return str(default_config_path())


class _HelpWithFilesParser(argparse.ArgumentParser):
    """The top-level parser: its help ends with examples, environment and the config file.

    The config path is looked up only when help is shown (it loads the settings module).
    """

    def format_help(self) -> str:
        self.epilog = f"{EXAMPLES}\n{ENVIRONMENT}\nconfig file (TOML, every key optional):\n"
        self.epilog += f"  {_config_path()}\n"
        return super().format_help()


class _VersionAction(argparse.Action):
    """``--version``: prints to stdout; reads the installed version only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        import photogen

        print(f"photogen-tui {photogen.__version__}")
        parser.exit()


def _add_cloud_flag(parser: argparse.ArgumentParser, *, default: object) -> None:
    parser.add_argument(
        "--cloud",
        action="store_true",
        default=default,
        help="use the NemoVideo cloud instead of the embedded local server",
    )


def _add_app_flags(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """``--cloud`` and ``--session``.

    Args:
        parser: The top-level parser or the ``tui`` subparser.
        top: The top-level parser sets the defaults; a subcommand's copy leaves a value
            out when not given (SUPPRESS), so ``photogen-tui --cloud tui`` stays cloud.
    """
    _add_cloud_flag(parser, default=False if top else argparse.SUPPRESS)
    parser.add_argument(
        "--session",
        metavar="ID",
        default=None if top else argparse.SUPPRESS,
        help="reopen this session (ids: ctrl+o in the app, or generate --json)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = _HelpWithFilesParser(
        prog="photogen-tui",
        description="Make photos from words and pictures in the terminal. "
        "Without a command, runs the app.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-V", "--version", action=_VersionAction)
    _add_app_flags(parser, top=True)
    parser.set_defaults(run=_run_app)
    commands = parser.add_subparsers(
        dest="command", title="commands", parser_class=argparse.ArgumentParser
    )
    _add_tui(commands)
    _add_serve(commands)
    _add_generate(commands)
    _add_models(commands)
    return parser


def _add_tui(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tui = commands.add_parser("tui", help="the terminal app (the default)")
    _add_app_flags(tui, top=False)
    tui.set_defaults(run=_run_app)


def _add_serve(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from photogen.server.options import add_server_options

    serve = commands.add_parser(
        "serve",
        help="run the local server alone (e.g. on a GPU box)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run the local server alone; clients reach it with NEMO_API_URL.",
        epilog="example (photos and edits free, as in the app's own server):\n"
        "  photogen-tui serve --port 8765 --credits-per-image 0 --credits-per-edit 0\n"
        "  NEMO_API_URL=http://127.0.0.1:8765 photogen-tui",
    )
    add_server_options(serve, testing=False)
    serve.set_defaults(run=_run_serve)


def _add_generate(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    gen = commands.add_parser(
        "generate",
        help="make a photo (and export it) without the app",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Make a photo (or edit yours) and export it, without the app.\n"
        "Progress goes to stderr; on failure, one line says why and the exit status is 1.",
        epilog="examples:\n"
        '  photogen-tui generate "a perfume bottle on marble" --out bottle.jpg --json\n'
        '  photogen-tui generate "crop it to 9:16" --image shot.png --export webp\n'
        '  photogen-tui generate "a perfume bottle on marble" -n 4 --out shot.png --json\n'
        "  photogen-tui generate --variation-of shot-2.png -n 4 --out more.png\n"
        "\nThe environment variables of photogen-tui --help apply.",
    )
    gen.add_argument(
        "prompt",
        nargs="?",
        default="",
        help='what to make, e.g. "a perfume bottle on marble" (not with --variation-of)',
    )
    add_grid_options(gen)
    gen.add_argument(
        "--image", action="append", default=[], metavar="FILE", help="a photo to edit (repeatable)"
    )
    gen.add_argument("--aspect", choices=ASPECTS, help="aspect ratio of the photo")
    gen.add_argument(
        "--export",
        choices=EXPORT_FORMATS,
        help="output format (default: what --out's extension says, else png)",
    )
    gen.add_argument(
        "--out", metavar="FILE", help="output file (default: a new file in the download folder)"
    )
    gen.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    gen.add_argument("--json", action="store_true", help="print a JSON summary to stdout")
    _add_cloud_flag(gen, default=argparse.SUPPRESS)
    gen.set_defaults(run=_run_generate)


def _add_models(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from photogen.models.command import add_parser

    add_parser(commands)
    commands.choices["models"].set_defaults(run=_run_models)


def _run_app(args: argparse.Namespace) -> int:
    if _local_engine_missing(args):
        return 1
    # No cyclic garbage collection while the app's modules load and its first frames are
    # built (~25 ms saved); run_app's app turns it back on once they are out.
    gc.disable()
    from photogen.ui.app import run_app

    run_app(cloud=args.cloud, session_id=args.session)
    return 0


def _run_serve(args: argparse.Namespace) -> int:
    from photogen.installed import LOCAL_MISSING, local_missing_hint, missing_local_modules

    if missing_local_modules():
        hint = local_missing_hint(cloud_flag=False)
        print(f"photogen-tui: {LOCAL_MISSING} {hint}", file=sys.stderr)
        return 1
    from photogen.server.__main__ import config_from_args, serve

    return serve(config_from_args(args))


def _run_generate(args: argparse.Namespace) -> int:
    from photogen.headless import run_generate

    return run_generate(args)


def _run_models(args: argparse.Namespace) -> int:
    from photogen.models.command import run

    return run(args)


def _local_engine_missing(args: argparse.Namespace) -> bool:
    """The app would start the embedded server, but it is not installed: say so, once.

    Only then are the settings read to see which backend the app would use; with the
    engine installed this costs one module lookup per package.
    """
    from photogen.installed import LOCAL_MISSING, local_missing_hint, missing_local_modules

    if not missing_local_modules():
        return False
    from photogen.core.backend import resolve_backend
    from photogen.core.settings import load_settings

    if resolve_backend(load_settings()[0], cloud=args.cloud).kind != "local":
        return False
    print(f"photogen-tui: {LOCAL_MISSING} {local_missing_hint()}", file=sys.stderr)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``photogen-tui`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.session and args.command not in (None, "tui"):
        parser.error(f"--session is for the app (photogen-tui --session ID), not {args.command}")
    run: Run = args.run
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
