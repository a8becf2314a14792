"""The five routines from the source articles: phases, items and the rules for moving on.

Plain data plus a load function the data migrations call with the historical models.
Each item copies its exercise's default dose; `dose` in an item overrides fields of it.

What the source articles don't give is Limber's choice, and each phase's `suggestion` says so on the
routine page and on Today ("Our suggestion: …"):
- foam roller: Basics every day; Advanced unlocks after 14 days with at least 7 of them
  logged, or from day 7 on request (the article: "a week or two"); Advanced 3–4 a week;
- stretches: 3–5 times a week, 10 s of rest between rounds;
- lower-back recovery: 14 days of the daily phase (the article: "initially");
- nightly release: its 5 minutes counted across nights, and the stretches routine as the
  article's "next stretch";
- hamstrings for back and knee: 3–5 times a week.
"""

from exercises.dose import DOSE_FIELD_NAMES, SUGGESTED_REST_SECONDS
from exercises.library_data import field_names

FOAM = "foam-roller-legs-hips"
STRETCHES = "legs-hips-back-stretches"
RECOVERY = "lower-back-recovery"
NIGHTLY = "nightly-release"
HAMSTRINGS = "hamstrings-back-knee"

# A short rest between rounds of a stretch, as the source article's "rest and repeat" asks; the
# article gives no length, so 10 s is our suggestion (see the phase's suggestion). The
# exercises carry the same rest (exercises.library_data.HOLD_REST_REPEAT).
STRETCH_REST = {"sets": 3, "rest_seconds": SUGGESTED_REST_SECONDS}
# The page shows the rest beside the dose, labelled ours, so the exercise's rest note would
# repeat it.
HOLD = {**STRETCH_REST, "dose_note": ""}
NO_WEEKLY_TARGET = "the article gives no weekly target"
# The myofascial-release article's warning, for every routine that rolls without strengthening.
ROLL_NOT_ALONE = (
    "Don't use rolling on its own: pair it with exercises that strengthen, or your body's load "
    "tolerance may drop."
)

BASICS_ITEMS = [("roll-hamstrings-glutes", {}), ("roll-calves", {})]

ROUTINES: list[dict] = [
    {
        "slug": FOAM,
        "name": "Foam roller for legs and hips",
        "purpose": (
            "The article suggests tight leg muscles pull on the lower back, and that rolling "
            "them out can start to ease that pain."
        ),
        "description": (
            "A week or two of the basics — hamstrings, glutes and calves — gets your muscles "
            "used to the roller; if you've worked on your flexibility before, you may go "
            "straight to the advanced moves. They add the smaller muscles around the hip and "
            "shin, and a side-lying leg raise to strengthen around the IT band. Drink plenty "
            "of water afterwards."
        ),
        "source": "000_7bf06e8c076ec22f",
        "phases": [
            {
                "name": "Basics",
                "description": "The two big rolls, for a week or two.",
                "sessions_per_week_min": 7,
                "sessions_per_week_max": 7,
                "advance": "auto",
                "min_days": 14,
                "min_sessions": 7,
                "early_after_days": 7,
                "target_suggested": True,
                "suggestion": (
                    "every day; Advanced unlocks after 14 days with at least 7 of them logged, "
                    "and you may move on from day 7 if the basics feel easy. The article says "
                    "only to do the basics for a week or two and gives no weekly target."
                ),
                "items": BASICS_ITEMS,
            },
            {
                "name": "Advanced",
                "description": (
                    "The basics plus hip flexors, inner thigh, shins and IT band at 15 seconds a "
                    "round, finishing with ten leg raises a side."
                ),
                "sessions_per_week_min": 3,
                "sessions_per_week_max": 4,
                "may_start_here": True,
                "target_suggested": True,
                "suggestion": f"3–4 times a week; {NO_WEEKLY_TARGET}.",
                "items": [
                    *BASICS_ITEMS,
                    ("roll-hip-flexors", {}),
                    ("roll-inner-thigh", {}),
                    ("roll-shins", {}),
                    ("roll-it-band", {}),
                    ("side-lying-leg-raise", {}),
                ],
            },
        ],
    },
    {
        "slug": STRETCHES,
        "name": "Legs, hips and lower-back stretches",
        "purpose": "Seven held stretches for the hips and legs that support your spine.",
        "description": (
            "Hold each stretch for 20 to 30 seconds, rest and repeat twice more, on both "
            "sides; child's pose as many times as you like. Sink in gently, and never stretch "
            "in pain."
        ),
        "source": "001_5e624d90eb70cfcc",
        "phases": [
            {
                "name": "Stretches",
                "description": (
                    "Six stretches, three rounds each (the seated figure-4 gives one round to "
                    "each of its three positions); then child's pose as many times as you like."
                ),
                "sessions_per_week_min": 3,
                "sessions_per_week_max": 5,
                "target_suggested": True,
                "suggestion": (
                    f"3–5 times a week, with 10 s of rest between rounds; {NO_WEEKLY_TARGET} "
                    "and says only to rest."
                ),
                "items": [
                    ("kneeling-hip-flexor-stretch", HOLD),
                    ("quad-stretch", HOLD),
                    ("hamstring-stretch", HOLD),
                    ("calf-stretch-wall", HOLD),
                    ("seated-figure-4-stretch", STRETCH_REST),
                    ("pigeon-stretch", HOLD),
                    ("childs-pose", {}),
                ],
            }
        ],
    },
    {
        "slug": RECOVERY,
        "name": "Lower-back recovery set",
        "purpose": (
            "Loosen the inner thighs, quads, piriformis and psoas, which the article links to "
            "a tight lower back after sitting or leg training."
        ),
        "description": (
            "Three rolls and two moving stretches. Rock through the psoas and frog stretches "
            "rather than holding them. The article suggests the set every day at first, then "
            "gradually easing off to two or three times a week."
        ),
        "cautions": [
            f"{ROLL_NOT_ALONE} This set has no strengthening move: the warning is the "
            "myofascial-release article's, and this article adds that strengthening the glutes "
            "matters too.",
        ],
        "source": "002_1010ecec4874739b",
        "phases": [
            {
                "name": "Daily",
                "description": "Every day at first.",
                "sessions_per_week_min": 7,
                "sessions_per_week_max": 7,
                "advance": "confirm",
                "min_days": 14,
                "suggestion": (
                    "14 days of the daily set before the app proposes easing off; the article "
                    "says every day at first, without saying for how long."
                ),
                "items": [
                    ("roll-adductors", {}),
                    ("roll-quads", {}),
                    ("roll-piriformis", {}),
                    ("psoas-lunge-stretch", {}),
                    ("frog-stretch", {}),
                ],
            },
            {
                "name": "Upkeep",
                "description": "The same set, two or three times a week.",
                "sessions_per_week_min": 2,
                "sessions_per_week_max": 3,
                "items": "same",
            },
        ],
    },
    {
        "slug": NIGHTLY,
        "name": "Nightly myofascial release",
        "purpose": (
            "A minute or more with a ball each night; the article says rolling can reduce "
            "knee, foot and ankle symptoms in the short term."
        ),
        "description": (
            "Roll the front and back of the thighs, the calves and around the hips, pausing on "
            "tender spots. The article says to move on to the next stretch once you have rolled "
            "for five minutes in total, and to keep this up two or three times a week."
        ),
        "cautions": [
            ROLL_NOT_ALONE,
            "Consider supplementing it with other exercises through the day.",
        ],
        "source": "003_f9dbb46e17abd0e1",
        "next_routine": STRETCHES,
        "phases": [
            {
                "name": "Nightly",
                "description": "At least a minute every night, until five minutes in total.",
                "sessions_per_week_min": 7,
                "sessions_per_week_max": 7,
                "advance": "confirm",
                "min_seconds": 300,
                "suggestion": (
                    "the 5 minutes are added up across nights, and then the app offers the "
                    "legs, hips and lower-back stretches. The article says only to progress to "
                    "the next stretch once you've rolled for 5 minutes in total."
                ),
                "items": [("ball-release-thigh-hip", {})],
            },
            {
                "name": "Upkeep",
                "description": "Keep rolling two or three times a week to hold on to mobility.",
                "sessions_per_week_min": 2,
                "sessions_per_week_max": 3,
                "items": "same",
            },
        ],
    },
    {
        "slug": HAMSTRINGS,
        "name": "Hamstrings for back and knee pain",
        "purpose": (
            "The article suggests tight hamstrings contribute to knee and lower-back pain; "
            "rolling, releasing and stretching them may potentially relieve it."
        ),
        "description": (
            "You need a foam roller, a lacrosse ball, a seat high enough for your feet to hang "
            "and a band (a towel works). Always roll first: the ball release is only for "
            "warmed-up hamstrings."
        ),
        "cautions": [
            f"{ROLL_NOT_ALONE} This sequence has no strengthening move: the warning is the "
            "myofascial-release article's.",
        ],
        "source": "004_daefc3cec65377ea",
        "phases": [
            {
                "name": "Sequence",
                "description": "Roll for two minutes, release each side for a minute, stretch.",
                "sessions_per_week_min": 3,
                "sessions_per_week_max": 5,
                "target_suggested": True,
                "suggestion": f"3–5 times a week; {NO_WEEKLY_TARGET}.",
                "items": [
                    ("roll-hamstrings", {"sets": 1, "seconds_min": 120}),
                    (
                        "lacrosse-ball-hamstring-release",
                        {"sets": 1, "seconds_min": 60, "per_side": True},
                    ),
                    ("banded-hamstring-stretch", {}),
                ],
            }
        ],
    },
]

# Each phase field and its value when a phase's row leaves it out.
PHASE_DEFAULTS = {
    "description": "",
    "sessions_per_week_min": 7,
    "sessions_per_week_max": 7,
    "advance": "final",
    "min_days": None,
    "early_after_days": None,
    "min_sessions": None,
    "min_seconds": None,
    "may_start_here": False,
    "target_suggested": False,
    "suggestion": "",
}
PHASE_FIELDS = tuple(PHASE_DEFAULTS)


def load_routines(apps, schema_editor=None) -> None:
    """Create or update the routines, their phases and items (exercise doses copied, then
    overridden).

    Idempotent: the first data migration creates the rows and later ones bring them up to
    date (a phase keeps its row, so enrolments in it stay; its items are rebuilt). Only the
    fields the migration's historical models have are written.
    """
    Source = apps.get_model("exercises", "Source")
    Exercise = apps.get_model("exercises", "Exercise")
    Routine = apps.get_model("routines", "Routine")
    Phase = apps.get_model("routines", "Phase")
    RoutineItem = apps.get_model("routines", "RoutineItem")
    routine_fields, phase_fields = field_names(Routine), field_names(Phase)
    item_fields = field_names(RoutineItem)
    dose_names = [n for n in DOSE_FIELD_NAMES if n in item_fields and n in field_names(Exercise)]

    exercises = {e.slug: e for e in Exercise.objects.all()}
    created = {}
    for order, row in enumerate(ROUTINES, start=1):
        fields = {
            "name": row["name"],
            "purpose": row["purpose"],
            "description": row["description"],
            "cautions": "\n".join(row.get("cautions", [])),
            "source": Source.objects.get(key=row["source"]),
            "order": order,
        }
        routine, _ = Routine.objects.update_or_create(
            slug=row["slug"], defaults={k: v for k, v in fields.items() if k in routine_fields}
        )
        created[row["slug"]] = routine
        items = []
        for phase_order, phase_row in enumerate(row["phases"], start=1):
            fields = {name: phase_row.get(name, PHASE_DEFAULTS[name]) for name in PHASE_FIELDS}
            fields["name"] = phase_row["name"]
            phase, _ = Phase.objects.update_or_create(
                routine=routine,
                order=phase_order,
                defaults={k: v for k, v in fields.items() if k in phase_fields},
            )
            if phase_row["items"] != "same":
                items = phase_row["items"]
            RoutineItem.objects.filter(phase=phase).delete()
            for item_order, (slug, overrides) in enumerate(items, start=1):
                exercise = exercises[slug]
                dose = {name: getattr(exercise, name) for name in dose_names}
                dose.update({k: v for k, v in overrides.items() if k in item_fields})
                RoutineItem.objects.create(phase=phase, order=item_order, exercise=exercise, **dose)
    for row in ROUTINES:
        routine = created[row["slug"]]
        routine.next_routine = created.get(row.get("next_routine"))
        routine.save(update_fields=["next_routine"])


def unload_routines(apps, schema_editor=None) -> None:
    """Reverse of load_routines: remove the routines it created (phases and items cascade)."""
    Routine = apps.get_model("routines", "Routine")
    slugs = [row["slug"] for row in ROUTINES]
    apps.get_model("routines", "Enrolment").objects.filter(routine__slug__in=slugs).delete()
    Routine.objects.filter(slug__in=slugs).update(next_routine=None)
    Routine.objects.filter(slug__in=slugs).delete()
