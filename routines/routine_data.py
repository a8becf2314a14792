"""The five routines from the seeds: phases, items and the rules for moving on.

Plain data plus a load function the data migration calls with the historical models.
Each item copies its exercise's default dose; `dose` in an item overrides fields of it.

Weekly targets the seeds don't give, chosen here:
- foam roller: Basics every day (it is short), Advanced 3–4 times a week;
- stretches: 3–5 times a week (child's pose as often as you like on top);
- hamstrings for back and knee: 3–5 times a week.
"""

from exercises.dose import DOSE_FIELD_NAMES

FOAM = "foam-roller-legs-hips"
STRETCHES = "legs-hips-back-stretches"
RECOVERY = "lower-back-recovery"
NIGHTLY = "nightly-release"
HAMSTRINGS = "hamstrings-back-knee"

# A short rest between rounds of a stretch, as the seed's "rest and repeat" asks.
STRETCH_REST = {"sets": 3, "rest_seconds": 10}

BASICS_ITEMS = [("roll-hamstrings-glutes", {}), ("roll-calves", {})]

ROUTINES: list[dict] = [
    {
        "slug": FOAM,
        "name": "Foam roller for legs and hips",
        "purpose": "Roll out the big leg muscles that pull on a tight, sore lower back.",
        "description": (
            "Two weeks of the basics — hamstrings, glutes and calves — get your muscles used "
            "to the roller. Then the advanced moves add the smaller muscles around the hip and "
            "shin, and a side-lying leg raise to strengthen around the IT band. Drink plenty "
            "of water afterwards."
        ),
        "source": "000_7bf06e8c076ec22f",
        "phases": [
            {
                "name": "Basics",
                "description": "The two big rolls, every day, for about two weeks.",
                "sessions_per_week_min": 7,
                "sessions_per_week_max": 7,
                "advance": "auto",
                "min_days": 14,
                "early_after_days": 7,
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
            "Hold each stretch for 20 to 30 seconds, rest a moment and repeat twice more, on "
            "both sides. Sink in gently and stop well short of pain."
        ),
        "source": "001_5e624d90eb70cfcc",
        "phases": [
            {
                "name": "Stretches",
                "description": "All seven holds, three rounds each.",
                "sessions_per_week_min": 3,
                "sessions_per_week_max": 5,
                "items": [
                    ("kneeling-hip-flexor-stretch", STRETCH_REST),
                    ("quad-stretch", STRETCH_REST),
                    ("hamstring-stretch", STRETCH_REST),
                    ("calf-stretch-wall", STRETCH_REST),
                    ("seated-figure-4-stretch", STRETCH_REST),
                    ("pigeon-stretch", STRETCH_REST),
                    ("childs-pose", STRETCH_REST),
                ],
            }
        ],
    },
    {
        "slug": RECOVERY,
        "name": "Lower-back recovery set",
        "purpose": "Loosen the inner thighs, quads and hips that tighten a sitting-sore back.",
        "description": (
            "Three rolls and two moving stretches. Rock through the psoas and frog stretches "
            "rather than holding them. Do the set every day at first; after two weeks you can "
            "ease off to two or three times a week."
        ),
        "source": "002_1010ecec4874739b",
        "phases": [
            {
                "name": "Daily",
                "description": "Every day for the first two weeks.",
                "sessions_per_week_min": 7,
                "sessions_per_week_max": 7,
                "advance": "confirm",
                "min_days": 14,
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
        "purpose": "A minute or more with a ball each night to ease knee, foot and ankle trouble.",
        "description": (
            "Roll the front, back and sides of the thighs, the calves and around the hips, "
            "pausing on tender spots. Once you have rolled for five minutes in total, move on "
            "to the stretches and keep this up two or three times a week."
        ),
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
        "purpose": "Roll, release and stretch the hamstrings that pull on knees and back.",
        "description": (
            "You need a foam roller, a lacrosse ball and a band (a towel works). Always roll "
            "first: the ball release is only for warmed-up hamstrings."
        ),
        "source": "004_daefc3cec65377ea",
        "phases": [
            {
                "name": "Sequence",
                "description": "Roll for two minutes, release each side for a minute, stretch.",
                "sessions_per_week_min": 3,
                "sessions_per_week_max": 5,
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

PHASE_FIELDS = (
    "description",
    "sessions_per_week_min",
    "sessions_per_week_max",
    "advance",
    "min_days",
    "early_after_days",
    "min_sessions",
    "min_seconds",
    "may_start_here",
)


def load_routines(apps, schema_editor=None) -> None:
    """Create the routines, their phases and items (exercise doses copied, then overridden)."""
    Source = apps.get_model("exercises", "Source")
    Exercise = apps.get_model("exercises", "Exercise")
    Routine = apps.get_model("routines", "Routine")
    Phase = apps.get_model("routines", "Phase")
    RoutineItem = apps.get_model("routines", "RoutineItem")

    exercises = {e.slug: e for e in Exercise.objects.all()}
    created = {}
    for order, row in enumerate(ROUTINES, start=1):
        routine = Routine.objects.create(
            slug=row["slug"],
            name=row["name"],
            purpose=row["purpose"],
            description=row["description"],
            source=Source.objects.get(key=row["source"]),
            order=order,
        )
        created[row["slug"]] = routine
        items = []
        for phase_order, phase_row in enumerate(row["phases"], start=1):
            fields = {name: phase_row[name] for name in PHASE_FIELDS if name in phase_row}
            fields.setdefault("advance", "final")
            phase = Phase.objects.create(
                routine=routine, order=phase_order, name=phase_row["name"], **fields
            )
            if phase_row["items"] != "same":
                items = phase_row["items"]
            for item_order, (slug, overrides) in enumerate(items, start=1):
                exercise = exercises[slug]
                dose = {name: getattr(exercise, name) for name in DOSE_FIELD_NAMES}
                dose.update(overrides)
                RoutineItem.objects.create(phase=phase, order=item_order, exercise=exercise, **dose)
    for row in ROUTINES:
        if row.get("next_routine"):
            routine = created[row["slug"]]
            routine.next_routine = created[row["next_routine"]]
            routine.save(update_fields=["next_routine"])


def unload_routines(apps, schema_editor=None) -> None:
    """Reverse of load_routines: remove the routines it created (phases and items cascade)."""
    Routine = apps.get_model("routines", "Routine")
    slugs = [row["slug"] for row in ROUTINES]
    apps.get_model("routines", "Enrolment").objects.filter(routine__slug__in=slugs).delete()
    Routine.objects.filter(slug__in=slugs).update(next_routine=None)
    Routine.objects.filter(slug__in=slugs).delete()
