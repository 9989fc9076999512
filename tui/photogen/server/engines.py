"""The engine functions the server calls, behind one injectable object.

:meth:`Engines.real` imports :mod:`photogen.engine` lazily, so the server starts
fast and tests can pass a lighter :class:`Engines` to ``create_app``. Every
method is blocking; the server calls them from worker threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Protocol

from PIL import Image

ProgressFn = Callable[[float], None]


class GeneratedLike(Protocol):
    """What a text-to-image engine returns (``photogen.engine.studio.Generated``); read-only."""

    @property
    def image(self) -> Image.Image: ...
    @property
    def seed(self) -> int: ...
    @property
    def engine(self) -> str: ...
    @property
    def notes(self) -> Any: ...


@dataclass(frozen=True)
class RenderPlan:
    """A draft translated to local files, ready for the renderer.

    Attributes:
        width: Canvas width in pixels.
        height: Canvas height in pixels.
        stills: ``(image_path, duration_s, name)`` per video segment, in order.
        titles: ``(text, start_s, duration_s)`` per title.
        music: ``(source, start_s, duration_s or None, volume)`` per music segment.
    """

    width: int
    height: int
    stills: tuple[tuple[str, float, str], ...]
    titles: tuple[tuple[str, float, float], ...] = ()
    music: tuple[tuple[str, float, float | None, float], ...] = ()


@dataclass(frozen=True)
class RenderOutcome:
    """What a render wrote: seconds of video and bytes on disk."""

    duration_s: float
    size_bytes: int


class GenerateFn(Protocol):
    """Text to image: ``(prompt, seed, aspect, progress=None, cancel=None) -> Generated``.

    ``progress`` gets the share of the work done (0-1) when the engine can tell;
    a set ``cancel`` may stop it early (an engine that is quick may ignore both).
    """

    def __call__(
        self,
        prompt: str,
        seed: int,
        aspect: str,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> GeneratedLike: ...


def _real_generate(
    prompt: str,
    seed: int,
    aspect: str,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> GeneratedLike:
    """The studio engine: quick, so it reports no progress and has nothing to cancel.

    When it could not draw what was asked, its note says what it drew instead and how
    to get a model that draws anything.
    """
    from photogen.engine.studio import generate
    from photogen.models.summary import SUGGESTED

    made = generate(prompt, seed=seed, aspect=aspect)
    if made.spec.fallback and made.notes and made.notes[0] == made.spec.fallback:
        hint = f"`photogen-tui models pull {SUGGESTED}` draws anything."
        made.notes[0] = f"{made.spec.fallback} {hint}"
    return made  # type: ignore[no-any-return]


@dataclass(frozen=True)
class _Made:
    """A picture from the neural engine, shaped like the studio engine's ``Generated``."""

    image: Image.Image
    seed: int
    engine: str
    notes: list[str]


class ModelGenerate:
    """Text to image with a neural model when one is there; the studio engine otherwise.

    The model is the one :class:`~photogen.models.load.ModelLoader` picks (a local
    diffusers folder first, else an installed catalogue model). It loads on the first
    call, in the worker thread that makes the call, once; a model that cannot load is
    not tried again, and every photo the studio engine draws instead says why.
    """

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def __call__(
        self,
        prompt: str,
        seed: int,
        aspect: str,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> GeneratedLike:
        """One photo; ``progress`` gets the share of denoising steps done (0-1), and a set
        ``cancel`` stops it between two steps (``photogen.engine.diffusion.Cancelled``).
        """
        from photogen.models.load import ModelLoadError

        try:
            engine = self.loader.text_to_image()
        except ModelLoadError as exc:
            made = _real_generate(prompt, seed, aspect)
            reason = str(exc)
            note = f"{reason[:1].upper()}{reason[1:]}; the studio engine drew this instead."
            return _Made(made.image, made.seed, made.engine, [note, *made.notes])
        if engine is None:
            return _real_generate(prompt, seed, aspect)
        from photogen.engine.sizes import size_for_aspect

        size = size_for_aspect(aspect)
        steps = None if progress is None else (lambda done, total: progress(done / total))
        image = engine.text_to_image(
            prompt, seed, *engine.working_size(*size), progress=steps, cancel=cancel
        )
        image = image.resize(size, Image.Resampling.LANCZOS)
        return _Made(image, seed, engine.name, [f"Made with {engine.name} on {engine.device}."])


@dataclass(frozen=True)
class EditOutcome:
    """An edited photo with the engine's notes and its cut-out's score (a plain dict)."""

    image: Image.Image
    notes: list[str] = field(default_factory=list)
    cutout: dict[str, Any] | None = None
    """``area``, ``fragments``, ``edge_contact``, ``separation``, ``contour``,
    ``agreement``, ``confidence``, ``sure``: see :mod:`photogen.engine.edit.maskscore`."""


EditFn = Callable[[Image.Image, dict[str, Any]], "Image.Image | EditOutcome"]
"""``(image, EditSpec fields) -> image or EditOutcome``."""


@dataclass(frozen=True)
class Instructed:
    """What an image-to-image model did with a "make it ..." instruction.

    Attributes:
        image: The edited picture; None when no model drew it (the classical edit stands).
        engine: The model's name ("diffusers:instruct-pix2pix"), "" when none drew.
        notes: Sentences for the reply (which model, or why none could).
    """

    image: Image.Image | None
    engine: str = ""
    notes: tuple[str, ...] = ()


class InstructFn(Protocol):
    """``(image, instruction, seed, progress=None, cancel=None) -> Instructed``."""

    def __call__(
        self,
        image: Image.Image,
        instruction: str,
        seed: int,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> Instructed: ...


def _no_instruct(
    image: Image.Image,
    instruction: str,
    seed: int,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> Instructed:
    """No image-to-image model: the classical edit does the work."""
    return Instructed(None)


class ModelInstruct:
    """ "Make it ..." edits with the installed image-to-image model (InstructPix2Pix first).

    Loads on first use in the calling worker thread, once; a model that cannot load is
    named in the reply and the classical edit stands.
    """

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def __call__(
        self,
        image: Image.Image,
        instruction: str,
        seed: int,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> Instructed:
        """The edited picture; ``progress`` gets the share of steps done, ``cancel`` stops it
        between two steps (``photogen.engine.diffusion.Cancelled``)."""
        from photogen.models.choose import is_editor
        from photogen.models.load import ModelLoadError

        if not is_editor(self.loader.choice("image-to-image")):
            return Instructed(None)  # a text-to-image model redraws; it does not follow edits
        try:
            engine = self.loader.image_to_image()
        except ModelLoadError as exc:
            reason = str(exc)
            note = f"{reason[:1].upper()}{reason[1:]}; the edit was done the classical way."
            return Instructed(None, "", (note,))
        steps = None if progress is None else (lambda done, total: progress(done / total))
        working = image.convert("RGB")
        small = working.resize(engine.working_size(*working.size), Image.Resampling.LANCZOS)
        edited = engine.image_to_image(small, instruction, seed, progress=steps, cancel=cancel)
        edited = edited.resize(working.size, Image.Resampling.LANCZOS)
        return Instructed(edited, engine.name, (f"Edited with {engine.name} on {engine.device}.",))


def _real_edit(
    image: Image.Image, options: dict[str, Any], matting: Callable[..., Any] | None = None
) -> EditOutcome:
    from photogen.engine.edit import EditSpec, edit_photo

    names = {f.name for f in fields(EditSpec)}
    spec = EditSpec(**{k: v for k, v in options.items() if k in names and v is not None})
    edited = edit_photo(image, spec, matting)
    score = None
    if edited.cutout is not None:
        score = {**edited.cutout.as_dict(), "doubts": edited.cutout.doubts()}
    return EditOutcome(edited.image, list(edited.notes), score)


def edit_outcome(result: Image.Image | EditOutcome) -> EditOutcome:
    """What an edit function returned, as an :class:`EditOutcome`."""
    return result if isinstance(result, EditOutcome) else EditOutcome(result)


class ModelEdit:
    """Edits whose cut-outs use the installed matting model, when there is one.

    The model loads on the first cut-out, once; without one (or when it cannot load)
    the classical cut-out runs and the notes say which made the mask.
    """

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def __call__(self, image: Image.Image, options: dict[str, Any]) -> EditOutcome:
        matting = None
        if options.get("background") is not None and not options.get("subject_box"):
            try:
                matting = self.loader.matting()
            except Exception as exc:  # a broken model must not break the edit
                outcome = _real_edit(image, options)
                note = f"The matting model could not load ({exc}); the classical cut-out ran."
                return EditOutcome(outcome.image, [*outcome.notes, note], outcome.cutout)
        return _real_edit(image, options, matting)


def _real_save(image: Image.Image, path: Path, fmt: str, meta: dict[str, Any]) -> None:
    from photogen.stills import save_still

    save_still(image, path, fmt, meta={k: str(v) for k, v in meta.items() if v is not None})


def _real_render(
    plan: RenderPlan, out_path: Path, progress: ProgressFn, cancel: threading.Event
) -> RenderOutcome:
    from photogen.engine import render as r

    spec = r.RenderSpec(
        width=plan.width,
        height=plan.height,
        stills=tuple(r.StillClip(p, d, n) for p, d, n in plan.stills),
        titles=tuple(r.TitleClip(t, s, d) for t, s, d in plan.titles),
        music=tuple(r.MusicClip(src, s, d, v) for src, s, d, v in plan.music),
    )
    result = r.render_mp4(spec, out_path, progress=progress, cancel=cancel)
    return RenderOutcome(duration_s=result.duration_s, size_bytes=result.size_bytes)


def _real_aspect(text: str) -> tuple[str, tuple[int, int]] | None:
    from photogen.engine.sizes import normalise_aspect, size_for_aspect

    aspect = normalise_aspect(text)
    return (aspect, size_for_aspect(aspect)) if aspect else None


@dataclass
class Engines:
    """Pixels and video for the server; each field can be replaced (tests)."""

    generate: GenerateFn = field(default=_real_generate)
    """``(prompt, seed, aspect, progress, cancel) -> Generated`` (image, seed, engine, notes)."""
    edit: EditFn = field(default=_real_edit)
    """``(image, EditSpec fields) -> image or EditOutcome`` (notes and the cut-out's score)."""
    save_still: Callable[[Image.Image, Path, str, dict[str, Any]], None] = field(default=_real_save)
    """``(image, path, fmt, meta)``: write PNG/JPG/WEBP with metadata."""
    render: Callable[[RenderPlan, Path, ProgressFn, threading.Event], RenderOutcome] = field(
        default=_real_render
    )
    """``(plan, out_path, progress, cancel) -> RenderOutcome``: an MP4."""
    aspect: Callable[[str], tuple[str, tuple[int, int]] | None] = field(default=_real_aspect)
    """``text -> (canonical aspect, (w, h))`` or None."""
    instruct: InstructFn = field(default=_no_instruct)
    """``(image, instruction, seed, progress, cancel) -> Instructed``: "make it ..." edits."""

    @classmethod
    def real(
        cls, model_dir: str | None = None, device: str = "auto", models_dir: str | None = None
    ) -> Engines:
        """The project's engines; photos from a neural model when one is installed or named.

        ``model_dir`` (or ``PHOTOGEN_MODEL``) names a local diffusers folder; otherwise
        the models ``photogen-tui models pull`` installed under ``models_dir`` are used.
        """
        from photogen.models.load import ModelLoader
        from photogen.models.store import ModelStore

        store = ModelStore(Path(models_dir) if models_dir else None)
        loader = ModelLoader(store, device, model_dir)
        return cls(
            generate=ModelGenerate(loader), instruct=ModelInstruct(loader), edit=ModelEdit(loader)
        )
