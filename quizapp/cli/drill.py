"""``quizapp drill backprop|derive|KIND``: open the app directly on a drill.

    quizapp drill backprop [--seed N] [--difficulty easy|medium|hard] [--lang zh|en]
    quizapp drill derive                 the notes' derivations as symbolic questions, in order
    quizapp drill KIND                   any generator kind (quizapp generate --list)
"""

from __future__ import annotations


from quizapp.cli import UsageError, add_app_options_after_command, seed_arg

DIFFICULTIES = ("easy", "medium", "hard")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "drill", help="practise by hand: 'backprop' step by step, 'derive' the derivations, or any KIND",
        description="Open the app on a drill. 'backprop' (= mlp-backprop) asks every quantity of a forward "
        "and backward pass in order, with hints, mistake diagnosis and the worked solution; 'derive' walks "
        "through the notes' derivations as formula questions; any generator kind (quizapp generate --list) "
        "works the same way as backprop.")
    parser.add_argument("kind", metavar="KIND", help="backprop, derive, or a generator kind")
    parser.add_argument("--seed", type=seed_arg, default=None, metavar="N", help="the exercise's seed (default: random)")
    parser.add_argument("--difficulty", choices=DIFFICULTIES, default="easy", help="default: easy")
    add_app_options_after_command(parser)
    parser.set_defaults(func=run_drill)


def start_screen(args, bank):
    """A function making the screen to open (raises UsageError for an unknown drill)."""
    from quizapp.drill import DERIVE, resolve_kind

    if args.kind == DERIVE:
        from quizapp.drill import derivation_questions

        if args.seed is not None:
            raise UsageError("--seed applies to generated drills, not to 'derive'")
        if not derivation_questions(bank):
            raise UsageError("the question bank has no derivation questions (tag 'derivation')")

        def open_derive():
            from quizapp.screens.derive import derive_screen   # the same screen the home screen opens

            return derive_screen(bank)

        return open_derive
    try:
        kind = resolve_kind(args.kind)
    except KeyError as exc:
        raise UsageError(exc.args[0]) from None

    def drill_screen():
        from quizapp.screens.drill import DrillScreen

        return DrillScreen(kind, args.seed, args.difficulty)

    return drill_screen


def run_drill(args) -> int:
    import sys

    from quizapp.launch import load_settings_bank
    from quizapp.settings import resolve_settings

    settings = resolve_settings(getattr(args, "lang", None), getattr(args, "data_dir", None),
                                getattr(args, "bank", None) or ())
    bank = load_settings_bank(settings)   # built-in + the user folder in --data-dir + --bank
    make_screen = start_screen(args, bank)   # a usage error is reported before the terminal is taken over

    from quizapp.__main__ import make_app
    from quizapp.storage import Storage

    storage = Storage(settings.db_path)
    app = make_app(bank, settings, storage, start=make_screen)
    try:
        app.run()
    finally:
        unsaved = storage.close()
    if unsaved:
        print(f"quizapp: {unsaved}", file=sys.stderr)
    if storage.notice:
        print(f"quizapp: {storage.notice}", file=sys.stderr)
    return app.return_code or 0
