"""``assistant index``: build the search index now (otherwise built on first use), ship its vectors
with the corpus (``--ship``), or check the shipped vectors against the live embedder (``--verify-shipped``)."""

from __future__ import annotations

import argparse
import secrets
import sys

from ...errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("index", help="build the search index if it is missing or stale")
    parser.add_argument("--rebuild", action="store_true", help="rebuild even when the index is up to date")
    parser.add_argument("--from-scratch", action="store_true",
                        help="embed every chunk and duty item, ignoring the vectors shipped with the corpus")
    parser.add_argument("--ship", action="store_true",
                        help="then write the index's vectors to corpus/vectors/<embedder>.npz with their manifest")
    parser.add_argument("--verify-shipped", action="store_true",
                        help="only check the shipped vectors: current, and a random sample re-embedded "
                             "with cosine >= 0.999 (exit 1 otherwise)")
    parser.add_argument("--sample", type=int, default=12, help="texts re-embedded by --verify-shipped (12)")
    parser.add_argument("--seed", type=int, default=None, help="the sample's seed (printed; random by default)")
    parser.set_defaults(handler=index_command)


def index_command(args: argparse.Namespace) -> int:
    from ...search.retrieval import Retriever, get_retriever  # chromadb and the models load only when asked for

    retriever = get_retriever()
    if args.verify_shipped:
        if args.rebuild or args.from_scratch or args.ship:
            raise InputError("--verify-shipped only checks the shipped vectors: run it without --rebuild, "
                             "--from-scratch and --ship")
        if args.sample < 1:
            raise InputError(f"--sample must be at least 1, not {args.sample}")
        seed = secrets.randbelow(2**31) if args.seed is None else args.seed
        return verify_shipped(retriever.settings, args.sample, seed)
    if args.from_scratch:
        retriever = Retriever(retriever.settings.model_copy(update={"shipped_vectors": False}))
    return build(retriever, rebuild=args.rebuild or args.from_scratch, ship=args.ship)


def build(retriever, rebuild: bool, ship: bool) -> int:
    report = retriever.open_index(rebuild=rebuild)
    manifest = retriever.vectors.manifest
    print(f"index {report.summary()}, embedder {manifest.embedder}, corpus {manifest.corpus_sha256[:12]}…, {report.seconds:.1f} s")
    if ship:
        print(f"shipped vectors written to {ship_vectors(retriever.settings, retriever.vectors)}")
    return 0


def ship_vectors(settings, index) -> str:
    """Writes the vectors of the current index, duty items and clause items (all built by now) to the shipped file."""
    from ...search.duties import SCHEME as DUTY_SCHEME, DutyIndex
    from ...search.shipped import ShippedManifest, write

    from ...search.items import SCHEME as ITEM_SCHEME, ItemIndex

    duties = DutyIndex(settings, index.embedder)
    duties.ensure()  # loads what the build stored beside the index
    items = ItemIndex(settings, index.embedder)
    items.ensure()
    # the duty items are among the clause items (same ids, same texts): shipped once, in «duties»
    others = [(n, i) for n, i in enumerate(items.items()) if i.kind != "duties"]
    chunks = index.chunks
    vectors = index.stored_vectors()
    manifest = ShippedManifest(
        embedder_name=index.embedder.name, embedder=index.embedder.identity, dim=int(vectors.shape[1]),
        corpus_sha256=index.manifest.corpus_sha256, chunk_scheme=index.manifest.scheme, duty_scheme=DUTY_SCHEME,
        chunks=len(chunks), duty_items=len(duties.items()), item_scheme=ITEM_SCHEME, items=len(others),
    )
    groups = {
        "chunks": ([c.id for c in chunks], [c.text for c in chunks], vectors),
        "duties": ([i.id for i in duties.items()], [i.text for i in duties.items()], duties.vectors),
        "items": ([i.id for _, i in others], [i.text for _, i in others],
                  items.vectors[[n for n, _ in others]].reshape(len(others), -1)),
    }
    return str(write(settings, index.embedder, manifest, groups))


def verify_shipped(settings, sample: int, seed: int) -> int:
    """The drift check: exit 1 with a sentence when the shipped vectors are stale or drift from the live embedder."""
    from ...regulation.corpus import load_document
    from ...search.embeddings import make_embedder
    from ...search.shipped import MIN_COSINE, ShippedVectors, corpus_texts, drift, staleness

    embedder = make_embedder(settings)
    shipped, note = ShippedVectors.open(settings.model_copy(update={"shipped_vectors": True}), embedder)
    if shipped is None:
        return fail(f"drift check failed: {note}")
    document = load_document(settings.corpus_path)
    texts = corpus_texts(document)
    stale = staleness(shipped, texts, document.sha256)
    if stale:
        return fail(f"drift check failed: the shipped vectors are stale ({stale}); run `assistant index --ship`")
    result = drift(shipped, texts, embedder, sample, seed)
    worst_id, worst = result.worst
    mean = sum(result.cosines.values()) / len(result.cosines)
    print(f"drift check: {len(result.cosines)} shipped vectors re-embedded (seed {seed}): cosine min {worst:.8f} "
          f"({worst_id}), mean {mean:.8f}; floor {MIN_COSINE}")
    if not result.ok:
        return fail(f"drift check failed: the shipped vector of {worst_id} has cosine {worst:.6f} with the live "
                    f"embedder's (below {MIN_COSINE}); run `assistant index --from-scratch --ship`")
    return 0


def fail(sentence: str) -> int:
    print(sentence, file=sys.stderr)
    return 1
