"""``photogen-tui models list | pull NAME | remove NAME | info NAME``.

Output goes to stdout (tables, ``info``) and progress to stderr; exit status 0 on
success, 1 with one line saying why otherwise, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from photogen.models.catalogue import CATALOGUE, ModelSpec, find_spec, names
from photogen.models.choose import MATTING_ENV, MODEL_ENV, local_path
from photogen.models.progress import human_bytes
from photogen.models.store import ModelStore
from photogen.models.summary import in_use


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Adds ``models`` and its four actions to the CLI's subcommands."""
    models = commands.add_parser("models", help="list, pull, remove or describe AI models")
    models.add_argument("--models-dir", help="where models are kept (default: the data dir)")
    actions = models.add_subparsers(dest="models_action", metavar="ACTION")
    listing = actions.add_parser("list", help="installed and available models")
    listing.add_argument("--json", action="store_true", help="print JSON")
    for action, text in (
        ("pull", "download, verify and install a model"),
        ("remove", "delete an installed model and free its disk"),
        ("info", "everything about one model"),
    ):
        sub = actions.add_parser(action, help=text)
        sub.add_argument("name", help=f"one of: {', '.join(names())}")


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Runs the ``models`` action in ``args``; returns the exit status."""
    out, err = out or sys.stdout, err or sys.stderr
    store = ModelStore(Path(args.models_dir) if args.models_dir else None)
    action = args.models_action or "list"
    if action == "list":
        return _list(store, out, as_json=getattr(args, "json", False))
    spec = find_spec(args.name)
    if spec is None:
        err.write(
            f"photogen-tui models: no model called {args.name!r}; "
            f"choose one of {', '.join(names())}\n"
        )
        return 1
    if action == "pull":
        return _pull(spec, store, out, err)
    if action == "remove":
        return _remove(spec, store, out)
    return _info(spec, store, out)


def _status(spec: ModelSpec, store: ModelStore) -> str:
    model = store.get(spec.name)
    if model is not None:
        return f"installed ({human_bytes(model.total_bytes)})"
    return "partial (pull again)" if store.is_partial(spec.name) else "available"


def _list(store: ModelStore, out: TextIO, as_json: bool) -> int:
    rows = [(s, _status(s, store)) for s in CATALOGUE]
    if as_json:
        data = [
            {
                "name": s.name,
                "tasks": list(s.tasks),
                "repo": s.repo_id,
                "bytes": s.approx_bytes,
                "licence": s.licence.name,
                "commercial": s.licence.commercial,
                "hardware": s.hardware,
                "status": status,
            }
            for s, status in rows
        ]
        summary = {"models_dir": str(store.root), "models": data, "in_use": in_use(store)}
        out.write(json.dumps(summary, indent=2) + "\n")
        return 0
    out.write(f"{'NAME':17} {'DOES':30} {'SIZE':>8}  {'FOR':4} {'COMMERCIAL':10} STATUS\n")
    for spec, status in rows:
        tasks = ", ".join(spec.tasks)
        commercial = "yes" if spec.licence.commercial else "no"
        out.write(
            f"{spec.name:17} {tasks:30} {human_bytes(spec.approx_bytes):>8}  "
            f"{spec.hardware:4} {commercial:10} {status}\n"
        )
    out.write(f"\nModels folder: {store.root}\n")
    out.write("Offline, the app and `serve` use:\n")
    for line in in_use(store):
        out.write(f"  {line}\n")
    for env in (MODEL_ENV, MATTING_ENV):
        local = local_path(env)
        if local is not None:
            state = "found" if local.exists() else "missing"
            out.write(f"{env}={local} ({state}) is used before any installed model\n")
    out.write(
        "Licences: `photogen-tui models info NAME`. Download: `photogen-tui models pull NAME`.\n"
    )
    return 0


def _pull(spec: ModelSpec, store: ModelStore, out: TextIO, err: TextIO) -> int:
    from photogen.headless_progress import Progress
    from photogen.models.progress import PullBar
    from photogen.models.pull import PullError, pull

    if store.get(spec.name) is not None:
        out.write(f"{spec.name} is already installed in {store.folder(spec.name)}\n")
        return 0
    if not spec.licence.commercial:
        err.write(
            f"Note: {spec.name} is under the {spec.licence.name}: not for commercial "
            f"use. {spec.licence.note}\n"
        )
    progress = Progress(err)
    try:
        pull(spec, store, PullBar(progress))
    except PullError as exc:
        progress.close()
        err.write(f"photogen-tui models pull: {exc}\n")
        return 1
    except KeyboardInterrupt:
        progress.close()
        err.write("Pull interrupted: finished files are kept; run it again to continue.\n")
        return 130
    progress.close()
    return 0


def _remove(spec: ModelSpec, store: ModelStore, out: TextIO) -> int:
    if not store.folder(spec.name).exists():
        out.write(f"{spec.name} is not installed; nothing to remove\n")
        return 0
    freed = store.remove(spec.name)
    out.write(f"Removed {spec.name}: {human_bytes(freed)} freed\n")
    return 0


def _info(spec: ModelSpec, store: ModelStore, out: TextIO) -> int:
    lic = spec.licence
    lines = [
        f"{spec.name}: {spec.title}",
        f"  does:        {', '.join(spec.tasks)} ({spec.runtime})",
        f"  repository:  {spec.hub_url} (revision {spec.revision})",
        f"  files:       {_files_summary(spec)}",
        f"  size:        about {human_bytes(spec.approx_bytes)} (the hub's exact total is "
        "printed when a pull starts)",
        f"  licence:     {lic.name} ({lic.url})",
        f"  commercial:  {'yes' if lic.commercial else 'NO'}{': ' + lic.note if lic.note else ''}",
        f"  runs on:     {'a GPU' if spec.hardware == 'gpu' else 'a CPU (and faster on a GPU)'}",
        f"  speed:       {spec.speed.text} ({spec.speed.basis})",
    ]
    if spec.gated:
        lines.append(f"  access:      gated: accept the terms at {spec.hub_url}, then set HF_TOKEN")
    lines += _installed_lines(spec, store)
    out.write("\n".join(lines) + "\n")
    return 0


def _files_summary(spec: ModelSpec) -> str:
    """``model_index.json; unet/, vae/, ... (configs and *.safetensors weights)``."""
    folders = sorted({p.split("/")[0] for p in spec.allow if "/" in p and "*" in p})
    if not folders:
        return ", ".join(spec.allow)
    weights = next((p.split("/")[-1] for p in spec.allow if "safetensors" in p), "weights")
    top = [p for p in spec.allow if "/" not in p]
    return f"{', '.join(top)}; {'/, '.join(folders)}/ (configs and {weights} weights)"


def _installed_lines(spec: ModelSpec, store: ModelStore) -> list[str]:
    model = store.get(spec.name)
    if model is None:
        return [f"  status:      {_status(spec, store)}"]
    return [
        f"  status:      installed in {model.folder}",
        f"  commit:      {model.commit}",
        f"  on disk:     {human_bytes(model.total_bytes)} in {len(model.files)} files, "
        f"verified {model.pulled_at}",
    ]
