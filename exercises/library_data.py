"""The exercise library as written from the five source articles, in plain Python.

The data migrations load it (0002_library) and bring existing rows up to date with it
(0005_content_fidelity); staff edit the rows in the admin afterwards. Names, doses and
rules are facts carried over from the source articles; every sentence is our own. Where
an article gives no dose, the dose is Limber's: the row sets `dose_suggested` and its note
starts "Our suggestion:", so the page says so wherever the dose shows. Claims about causes
are the article's and say so.
Time is always seconds (a range where the article gives one) and never goes in ``reps``.
"""

import uuid
from typing import Any

from exercises.dose import DOSE_FIELD_NAMES, SUGGESTED_REST_SECONDS

# key = the source article's file stem; title = its own title, shown as "From: …".
# Source 000 has no title of its own, so it gets a plain description.
SOURCES: list[dict[str, str]] = [
    {
        "key": "000_7bf06e8c076ec22f",
        "title": "Foam rolling the legs and hips for a sore back (untitled article)",
        "author": "",
    },
    {
        "key": "001_5e624d90eb70cfcc",
        "title": "Legs, Hip & Low Back Stretches",
        "author": "",
    },
    {
        "key": "002_1010ecec4874739b",
        "title": "5 Recovery Exercise To Release Lower Back Tension",
        "author": "Kota Shimada",
    },
    {
        "key": "003_f9dbb46e17abd0e1",
        "title": "Myofascial Release for Lower Body",
        "author": "",
    },
    {
        "key": "004_daefc3cec65377ea",
        "title": "Lower Back or Knee Pain? Try This",
        "author": "Mariah Heller, Pain-Free Fitness",
    },
]

BODY_AREAS: list[tuple[str, str]] = [
    ("hamstrings", "Hamstrings"),
    ("glutes", "Glutes"),
    ("calves", "Calves"),
    ("quads", "Quads"),
    ("hip-flexors", "Hip flexors"),
    ("inner-thigh", "Inner thigh (adductors)"),
    ("shins", "Shins"),
    ("it-band", "IT band / outer thigh"),
    ("hips", "Hips"),
    ("lower-back", "Lower back"),
    ("upper-back", "Mid and upper back"),
]

# (slug, name, icon file in static/img/)
EQUIPMENT: list[tuple[str, str, str]] = [
    ("foam-roller", "Foam roller", "equipment-foam-roller.svg"),
    ("ball", "Massage or lacrosse ball", "equipment-ball.svg"),
    ("band", "Band or towel", "equipment-band.svg"),
    ("wall", "Wall", "equipment-wall.svg"),
    ("chair", "Chair", "equipment-chair.svg"),
    # The lacrosse release's seat: the knee bent at 90° with the foot clear of the floor.
    ("high-seat", "High seat (feet off the floor)", "equipment-high-seat.svg"),
    ("pillow", "Pillow", "equipment-pillow.svg"),
    ("none", "No equipment", "equipment-none.svg"),
]

CONDITIONS: list[tuple[str, str]] = [
    ("lower-back-pain", "Lower-back pain"),
    ("knee-pain", "Knee pain"),
    ("hip-pain", "Hip pain"),
    ("groin-pain", "Groin pain"),
    ("sciatica", "Sciatica"),
    ("plantar-fasciitis", "Plantar fasciitis"),
    ("calf-foot-pain", "Calf and foot pain"),
    ("heel-pain", "Heel pain"),
    ("ankle-pain", "Ankle pain"),
    ("knee-cap-issues", "Knee-cap issues"),
    ("gait-issues", "Walking gait issues"),
    ("foot-alignment", "Foot alignment"),
    ("bunions", "Bunions"),
    ("upper-back-tension", "Upper-back tension"),
    ("shoulder-flexibility", "Shoulder flexibility"),
    ("stress-anxiety", "Stress and anxiety"),
]

S000, S001, S002, S003, S004 = (source["key"] for source in SOURCES)

# Shared wording, so the same rule reads the same everywhere.
NEVER_IN_PAIN = "Never stretch in pain."
WATER = "Drink plenty of water once you've finished rolling."
BASICS_FIRST = (
    "This is an advanced move: give the basic hamstring, glute and calf rolls a week or two "
    "first, unless you already work on your flexibility."
)
OFF_THE_KNEES = "Keep the roller off the backs of your knees."
# The foam-roller article's rolling rule: 30 s a round on big muscles (it names the
# hamstrings, quads and calves), 15 s on the smaller ones its advanced moves work.
BIG_ROLL_NOTE = "The article's rule: 30 s a round on big muscles such as these."
SMALL_ROLL_NOTE = "The article's rule: 15 s a round on the smaller muscles its advanced moves work."
# Source 002 and the banded stretch give no time: Limber's choice, and the page says so.
BIG_ROLL_SUGGESTION = (
    "Our suggestion: the article gives no time, so this uses the foam-roller article's rule: "
    "30 s a round on a big muscle such as the quads."
)
# The foam-roller article names no small muscle: it says only that its advanced moves focus
# on "the little muscles", so `why` says why this one counts as small (whose reading it is).
SMALL_ROLL_SUGGESTION = (
    "Our suggestion: the article gives no time, so this uses the foam-roller article's rule "
    "of 15 s a round on the smaller muscles. {why}"
)
ROCK_SUGGESTION = (
    "Our suggestion: the article gives no time, so this borrows the stretch article's 3 rounds "
    "of 20–30 s, rocking gently instead of holding still."
)
STRETCH_SUGGESTION = (
    "Our suggestion: the article gives no time, so this uses the stretch article's rule: "
    f"hold 20–30 s, rest ({SUGGESTED_REST_SECONDS} s, our choice), 3 rounds a side."
)
STRETCH_DOSE = {"sets": 3, "seconds_min": 20, "seconds_max": 30, "per_side": True}
# The moves whose instructions say "hold, rest, repeat": the rest's length is ours, as the
# article says only "rest" (exercises.dose.SUGGESTED_REST_SECONDS), and the notes say so.
HOLD_REST_REPEAT = {**STRETCH_DOSE, "rest_seconds": SUGGESTED_REST_SECONDS}
REST_NOTE = (
    f"Rest {SUGGESTED_REST_SECONDS} s between holds: our suggestion, as the article says only "
    "to rest."
)
BIG_ROLL = {"sets": 3, "seconds_min": 30}
SMALL_ROLL = {"sets": 3, "seconds_min": 15}

EXERCISES: list[dict[str, Any]] = [
    # Source 000: foam rolling, basics then advanced, and the side-lying workout.
    {
        "slug": "roll-hamstrings-glutes",
        "name": "Foam roll: hamstrings and glutes",
        "kind": "roll",
        "style": "dynamic",
        "level": "basic",
        "position": "floor",
        "source": S000,
        "summary": "Roll the backs of both thighs, from under the buttocks to above the knees.",
        "areas": ["hamstrings", "glutes"],
        "equipment": ["foam-roller"],
        "conditions": ["lower-back-pain", "knee-pain"],
        **BIG_ROLL,
        "dose_note": BIG_ROLL_NOTE,
        "steps": [
            "Sit with both legs straight out and the roller across the backs of your thighs.",
            "Put your hands flat on the floor behind you.",
            "Push with your arms to slide slowly back and forth, so the roller travels from "
            "the bottom of your buttocks to a little above your knees.",
        ],
        "tips": [
            "Turn your legs inwards and outwards from the hip as you go to reach more of the "
            "hamstrings.",
            WATER,
        ],
        "progressions": [],
        "cautions": [
            OFF_THE_KNEES,
            "This article suggests rolling under sore knees every other pass, but the hamstring "
            "article says to avoid the backs of the knees; Limber follows the safer advice.",
        ],
        "mistakes": [],
        "variations": [],
    },
    {
        "slug": "roll-calves",
        "name": "Foam roll: calves",
        "kind": "roll",
        "style": "dynamic",
        "level": "basic",
        "position": "floor",
        "source": S000,
        "summary": "Lift your hips and roll the backs of your lower legs from knee to ankle.",
        "areas": ["calves"],
        "equipment": ["foam-roller"],
        "conditions": ["lower-back-pain"],
        **BIG_ROLL,
        "dose_note": BIG_ROLL_NOTE,
        "steps": [
            "Sit on the floor with the roller under your calves.",
            "Place your hands behind you and raise your hips, so your hands and calves carry "
            "all of your weight.",
            "Roll slowly forwards and back, from just under your knees to just above your ankles.",
        ],
        "tips": [
            "Point your feet in and then out as you roll to cover the whole calf.",
            WATER,
        ],
        "progressions": [
            "For more pressure, stack one leg on top of the other and roll one calf at a time.",
        ],
        "cautions": [],
        "mistakes": [],
        "variations": [],
    },
    {
        "slug": "roll-hip-flexors",
        "name": "Foam roll: hip flexors",
        "kind": "roll",
        "style": "dynamic",
        "level": "advanced",
        "position": "floor",
        "source": S000,
        "summary": "Lie face down on the roller and work the front of one hip at a time.",
        "areas": ["hip-flexors", "quads"],
        "equipment": ["foam-roller"],
        "conditions": ["lower-back-pain"],
        **SMALL_ROLL,
        "per_side": True,
        "dose_note": SMALL_ROLL_NOTE,
        "steps": [
            "Kneel with the roller on the floor in front of you.",
            "Lower yourself onto it as if into a plank, with the roller about where your front "
            "trouser pockets are.",
            "Turn a little onto one side so your weight sits over that pocket.",
            "Use your arms and your other leg to roll from the hip down to the top of the thigh.",
            "Turn to the other side and do the same.",
        ],
        "tips": [WATER],
        "progressions": [
            "To work it harder, turn further onto your side as you roll.",
        ],
        "cautions": [BASICS_FIRST],
        "mistakes": [],
        "variations": [],
    },
    {
        "slug": "roll-inner-thigh",
        "name": "Foam roll: inner thigh",
        "kind": "roll",
        "style": "dynamic",
        "level": "advanced",
        "position": "floor",
        "source": S000,
        "summary": "Roll the inside of one thigh from the groin to just above the knee.",
        "areas": ["inner-thigh"],
        "equipment": ["foam-roller"],
        "conditions": ["lower-back-pain"],
        **SMALL_ROLL,
        "per_side": True,
        "dose_note": SMALL_ROLL_NOTE,
        "steps": [
            "Lie face down and set the roller under the inside of one thigh, close to the hip.",
            "Drive the movement with your arms and your other leg.",
            "Roll from the bottom of the groin muscle down to just above the knee.",
            "Swap legs and repeat.",
        ],
        "tips": [
            "The recovery article's adductor roll works the same muscles and is graded basic "
            "there, because that article has you do its set every day from the start.",
            WATER,
        ],
        "progressions": [],
        "cautions": [BASICS_FIRST],
        "mistakes": [],
        "variations": [],
    },
    {
        "slug": "roll-shins",
        "name": "Foam roll: shins",
        "kind": "roll",
        "style": "dynamic",
        "level": "advanced",
        "position": "kneeling",
        "source": S000,
        "summary": "Kneel over the roller and work the fronts of your lower legs.",
        "areas": ["shins"],
        "equipment": ["foam-roller"],
        "conditions": ["lower-back-pain"],
        **SMALL_ROLL,
        "dose_note": SMALL_ROLL_NOTE,
        "steps": [
            "Get on all fours with the roller under your legs, just below the knees.",
            "With your hands on the floor in front of you, use them to start rolling.",
            "Keep going until the roller sits just above your ankles, then roll back up.",
        ],
        "tips": [WATER],
        "progressions": [
            "Roll one shin at a time and circle that ankle as you go, to reach the shin from "
            "its inner edge to its outer edge.",
        ],
        "cautions": [BASICS_FIRST],
        "mistakes": [],
        "variations": [],
    },
    {
        "slug": "roll-it-band",
        "name": "Foam roll: IT band",
        "kind": "roll",
        "style": "dynamic",
        "level": "advanced",
        "position": "floor",
        "source": S000,
        "summary": "Lie on your side on the roller and work the outer thigh from hip to knee.",
        "areas": ["it-band"],
        "equipment": ["foam-roller"],
        "conditions": ["lower-back-pain"],
        **SMALL_ROLL,
        "per_side": True,
        "dose_note": SMALL_ROLL_NOTE,
        "steps": [
            "Lie on your side with the lower leg straight and the roller just under your hip.",
            "Put your hand on the floor in line with your shoulder.",
            "Cross your top leg over and plant that foot on the floor in front of the leg on "
            "the roller.",
            "Tilt a little forwards, or a little backwards, so the roller sits just in front of "
            "or just behind the side of the thigh, never right on it.",
            "Push with your arm and front leg to roll from the bottom of the hip to just above "
            "the knee.",
            "Change sides.",
        ],
        "tips": [
            "The IT band is not a muscle: pair this roll with the side-lying leg raise, which "
            "strengthens the muscles attached to it.",
            WATER,
        ],
        "progressions": [],
        "cautions": [
            BASICS_FIRST,
            "Don't roll right on the side of the thigh: picture the right thigh as a clock and "
            "roll at 2 and 4 o'clock, not at 3. The myofascial-release article says the dense "
            "tissue there responds poorly to rolling and can be very painful.",
        ],
        "mistakes": [],
        "variations": [],
    },
    {
        "slug": "side-lying-leg-raise",
        "name": "Side-lying leg raise",
        "kind": "strengthen",
        "style": "reps",
        "level": "advanced",
        "position": "floor",
        "source": S000,
        "summary": "Slow, controlled leg lifts that strengthen the muscles around the IT band.",
        "areas": ["it-band", "hips", "glutes"],
        "equipment": ["none"],
        "conditions": ["lower-back-pain"],
        "reps": 10,
        "per_side": True,
        "dose_note": "An extra on top of your usual leg training.",
        "steps": [
            "Lie on the floor on one side, legs straight.",
            "Rest your top leg directly on top of the bottom one.",
            "Lift the top leg slowly, keeping your hips stacked and your foot facing forwards.",
            "Lower it again with control.",
            "Do all your lifts, then turn over and work the other leg.",
        ],
        "tips": [
            "Go slowly and think about your form on every lift.",
        ],
        "progressions": [],
        "cautions": [BASICS_FIRST],
        "mistakes": [
            "Letting the hips roll back or the foot turn up: it makes the lift easier and "
            "takes the work away from the target muscles.",
        ],
        "variations": [],
    },
    # Source 001: static stretches for legs, hips and the lower back.
    {
        "slug": "kneeling-hip-flexor-stretch",
        "name": "Kneeling hip flexor stretch",
        "kind": "stretch",
        "style": "hold",
        "level": "basic",
        "position": "kneeling",
        "source": S001,
        "summary": "A half-kneeling stretch for the front of the hip, whose muscles, the article "
        "notes, partly attach to the spine.",
        "areas": ["hip-flexors", "hips", "lower-back"],
        "equipment": ["pillow"],
        "conditions": ["hip-pain", "lower-back-pain", "groin-pain", "knee-pain"],
        **HOLD_REST_REPEAT,
        "dose_note": REST_NOTE,
        "steps": [
            "Kneel on one knee with a pillow under it and the other foot flat in front of you.",
            "Keep your back upright, at a right angle to the floor.",
            "Sink slowly forwards until you feel the stretch at the front of the hip on the "
            "kneeling side.",
            "Hold, rest, and repeat; then switch legs.",
        ],
        "tips": [
            "Set up next to a chair, or between two, and lean on them so the muscles can let go "
            "completely.",
        ],
        "progressions": [],
        "cautions": [
            "Don't push too far; a moderate pull is enough.",
            NEVER_IN_PAIN,
        ],
        "mistakes": [],
        "variations": [],
    },
    {
        "slug": "quad-stretch",
        "name": "Quad stretch",
        "kind": "stretch",
        "style": "hold",
        "level": "basic",
        "position": "standing",
        "source": S001,
        "summary": "Hold one foot behind you to lengthen the front of the thigh.",
        "areas": ["quads"],
        "equipment": ["none"],
        "conditions": [
            "hip-pain",
            "lower-back-pain",
            "groin-pain",
            "knee-pain",
            "knee-cap-issues",
        ],
        **HOLD_REST_REPEAT,
        "dose_note": REST_NOTE,
        "steps": [
            "Bend one knee and take hold of that foot or ankle behind you.",
            "Let the bent knee point down at the floor.",
            "Keep your back straight and hold the stretch at the front of the thigh.",
            "Rest, repeat, then change legs.",
        ],
        "tips": [
            "Reaching your foot can be hard when you're sore; do what you can.",
        ],
        "progressions": [],
        "cautions": [NEVER_IN_PAIN],
        "mistakes": [],
        "variations": [
            "Lie on your side and hold your top foot behind you.",
            "Rest your foot on the edge of a chair or sofa behind you and sit down onto it.",
        ],
    },
    {
        "slug": "hamstring-stretch",
        "name": "Hamstring stretch",
        "kind": "stretch",
        "style": "hold",
        "level": "basic",
        "position": "floor",
        "source": S001,
        "summary": "Reach down a straight leg towards your toes to lengthen the back of the thigh.",
        "areas": ["hamstrings", "calves"],
        "equipment": ["none"],
        "also_works_with": ["chair"],
        "conditions": [
            "gait-issues",
            "hip-pain",
            "lower-back-pain",
            "sciatica",
            "knee-pain",
            "calf-foot-pain",
            "plantar-fasciitis",
        ],
        **HOLD_REST_REPEAT,
        "dose_note": REST_NOTE,
        "steps": [
            "Sit on the floor and straighten one leg out in front of you.",
            "Slide your hand down the front of that leg, or take hold of your toes if you can.",
            "Stop where you feel a good stretch without pain and hold it.",
            "Rest, repeat, then do the other leg.",
        ],
        "tips": [
            "Holding the toes also stretches the calf and keeps the ankle supple.",
            "Not reaching far is fine: that tightness is the reason for doing it.",
        ],
        "progressions": [],
        "cautions": [NEVER_IN_PAIN],
        "mistakes": [],
        "variations": [
            "Short on time or room? Instead of the floor, prop your heel on a step, a chair or "
            "any ledge high enough to feel the stretch.",
        ],
    },
    {
        "slug": "calf-stretch-wall",
        "name": "Calf stretch against a wall",
        "kind": "stretch",
        "style": "hold",
        "level": "basic",
        "position": "wall",
        "source": S001,
        "summary": "Toes up on the wall, heel down, and lean in to stretch the calf.",
        "areas": ["calves"],
        "equipment": ["wall"],
        "conditions": [
            "knee-pain",
            "ankle-pain",
            "plantar-fasciitis",
            "heel-pain",
            "lower-back-pain",
            "gait-issues",
            "bunions",
        ],
        **HOLD_REST_REPEAT,
        "dose_note": REST_NOTE,
        "steps": [
            "Keep your shoes on and face a wall.",
            "Set the toes of one foot against the wall, heel still on the floor.",
            "With that leg straight, lean your body towards the wall until the calf stretches.",
            "Hold, rest, repeat, then switch feet.",
        ],
        "tips": [
            "The calf is strong and springy, so it can take a while to give; be patient.",
        ],
        "progressions": [],
        "cautions": [NEVER_IN_PAIN],
        "mistakes": [],
        "variations": [
            "Turn the foot about 20° inwards to reach the inside of the calf, then about 20° "
            "outwards for the outside. One side often feels tighter.",
        ],
    },
    {
        "slug": "seated-figure-4-stretch",
        "name": "Seated figure-4 glute and hip stretch",
        "kind": "stretch",
        "style": "hold",
        "level": "basic",
        "position": "chair",
        "source": S001,
        "summary": "Ankle over the opposite knee, then three positions for the glutes and hip.",
        "areas": ["glutes", "hips", "hip-flexors", "lower-back"],
        "equipment": ["chair"],
        "also_works_with": ["band"],
        "conditions": [
            "gait-issues",
            "hip-pain",
            "lower-back-pain",
            "sciatica",
            "knee-pain",
            "calf-foot-pain",
        ],
        **HOLD_REST_REPEAT,
        "dose_note": "Our suggestion: the article doesn't say how its three positions share the "
        "holds, so each of the 3 rounds is one position, in order.",
        "round_labels": [
            "Position 1: press the knee down towards the floor",
            "Position 2: draw the knee towards the opposite shoulder",
            "Position 3: lean your upper body forwards",
        ],
        "steps": [
            "Sit down and rest one ankle on the opposite knee.",
            "Position 1: press the raised knee gently down towards the floor; you should feel "
            "it at the front of the hip.",
            "Position 2: draw that knee towards the opposite shoulder.",
            "Position 3: fold your upper body forwards towards the floor; you should feel it in "
            "the lower back and buttock.",
            "Hold position 1, rest; hold position 2, rest; hold position 3. Then swap legs.",
        ],
        "tips": [
            "The article says sitting a lot tightens the glutes; this stretch isolates them and "
            "the hip rotators.",
        ],
        "progressions": [],
        "cautions": [NEVER_IN_PAIN],
        "mistakes": [],
        "variations": [
            "If the ankle won't reach the knee, rest it lower on the shin and ease it higher "
            "with a tea towel or exercise band. It gets easier with practice.",
        ],
    },
    {
        "slug": "pigeon-stretch",
        "name": "Pigeon stretch",
        "kind": "stretch",
        "style": "hold",
        "level": "advanced",
        "position": "floor",
        "source": S001,
        "summary": "A deep hip and glute stretch with the front leg bent at a right angle.",
        "areas": ["glutes", "hips", "lower-back"],
        "equipment": ["none"],
        "conditions": [
            "gait-issues",
            "hip-pain",
            "lower-back-pain",
            "sciatica",
            "knee-pain",
            "foot-alignment",
        ],
        **HOLD_REST_REPEAT,
        "dose_note": REST_NOTE,
        "steps": [
            "Bring one leg carefully in front of you, bent to about 90 degrees.",
            "Lean forwards only as far as a moderate stretch in the hip allows.",
            "Let your body relax into the position and keep breathing.",
            "Hold, rest, repeat, then change sides.",
        ],
        "tips": [
            "Relaxing gets you further than pushing.",
            "Some people end up lying flat on the floor and some don't; both are fine.",
        ],
        "progressions": [],
        "cautions": [
            "An advanced stretch: the article warns it is a challenge for some people, so "
            "don't force it.",
            NEVER_IN_PAIN,
        ],
        "mistakes": [],
        "variations": [],
    },
    {
        "slug": "childs-pose",
        "name": "Child's pose",
        "kind": "stretch",
        "style": "hold",
        "level": "basic",
        "position": "kneeling",
        "source": S001,
        "summary": "A resting yoga pose that, the article says, stretches the lower back, pelvis, "
        "mid back and shoulders.",
        "areas": ["lower-back", "upper-back", "hips"],
        "equipment": ["none"],
        "also_works_with": ["pillow"],
        "conditions": [
            "lower-back-pain",
            "sciatica",
            "hip-pain",
            "upper-back-tension",
            "shoulder-flexibility",
            "stress-anxiety",
        ],
        "seconds_min": 20,
        "seconds_max": 30,
        "repeat_freely": True,
        "dose_note": "The article sets no number of rounds: repeat it as many times as you like.",
        "steps": [
            "Kneel, sit back towards your heels and fold forwards.",
            "Walk your hands out in front of you as far as is comfortable.",
            "Rest your forehead on the floor if it reaches.",
            "Relax and hold the position.",
        ],
        "tips": [
            "If your head doesn't reach the floor, rest it on a small pillow.",
            "It also gives the belly a gentle stretch.",
        ],
        "progressions": [],
        "cautions": [NEVER_IN_PAIN],
        "mistakes": [],
        "variations": [
            "Side bend: keep your hands where they are and bend your upper body to one side, "
            "then the other, without twisting. It targets the mid to lower back.",
        ],
    },
    # Source 002: five recovery moves for lower-back tension.
    {
        "slug": "roll-adductors",
        "name": "Foam roll: adductors, top and bottom half",
        "kind": "roll",
        "style": "dynamic",
        "level": "basic",
        "position": "floor",
        "source": S002,
        "summary": "Roll the inner thigh in two halves: towards the groin, then towards the knee.",
        "areas": ["inner-thigh"],
        "equipment": ["foam-roller"],
        "conditions": ["lower-back-pain"],
        **SMALL_ROLL,
        "per_side": True,
        "dose_suggested": True,
        "dose_note": SMALL_ROLL_SUGGESTION.format(
            why="Its advanced roll of the inner thigh works these same muscles."
        ),
        "steps": [
            "Lie face down with one leg out to the side and the roller under that inner thigh.",
            "Top half: roll the upper part of the inner thigh, up towards the groin.",
            "Bottom half: move down and roll the lower part, towards the inside of the knee.",
            "Change legs.",
        ],
        "tips": [
            "The article says long sitting leaves most people's glutes weak, so the adductors "
            "work harder to steady the hip; strengthening the glutes matters too.",
            WATER,
        ],
        "progressions": [],
        "cautions": [
            "Basic here, advanced in the foam-roller article: this article has you do its set "
            "every day from the start, while the foam-roller article keeps its inner-thigh roll, "
            "on the same muscles, for after a week or two of the basics. New to rolling? Go "
            "lightly at first.",
        ],
        "mistakes": [],
        "variations": [],
    },
    {
        "slug": "roll-quads",
        "name": "Foam roll: quads",
        "kind": "roll",
        "style": "dynamic",
        "level": "basic",
        "position": "floor",
        "source": S002,
        "summary": "Roll the fronts of the thighs, turning them to reach inner and outer quads.",
        "areas": ["quads"],
        "equipment": ["foam-roller"],
        "conditions": ["lower-back-pain", "knee-pain"],
        **BIG_ROLL,
        "dose_suggested": True,
        "dose_note": BIG_ROLL_SUGGESTION,
        "steps": [
            "Lie face down on your forearms with the roller under the fronts of your thighs.",
            "Roll slowly between the hips and the tops of the knees.",
            "Turn your thighs inwards to reach the inner quad, then outwards for the outer quad.",
        ],
        "tips": [
            "The article suggests tight quads can tighten the hips and, through them, the lower "
            "back.",
            "It adds that working the inner and outer quads helps loosen the knees.",
            WATER,
        ],
        "progressions": [],
        "cautions": [],
        "mistakes": [],
        "variations": [],
    },
    {
        "slug": "roll-piriformis",
        "name": "Foam roll: piriformis",
        "kind": "roll",
        "style": "dynamic",
        "level": "basic",
        "position": "floor",
        "source": S002,
        "summary": "Sit on the roller and work the deep muscle between the sacrum and thigh bone.",
        "areas": ["glutes", "hips"],
        "equipment": ["foam-roller"],
        "conditions": ["lower-back-pain"],
        **SMALL_ROLL,
        "per_side": True,
        "dose_suggested": True,
        "dose_note": SMALL_ROLL_SUGGESTION.format(
            why="That article doesn't mention the piriformis: its size is our reading."
        ),
        "steps": [
            "Sit on the roller, lined up with your sacrum, so it moves along the muscle rather "
            "than across it.",
            "Lean onto one buttock.",
            "Roll slowly back and forth over that side, then change sides.",
        ],
        "tips": [WATER],
        "progressions": [
            "Cross the ankle of the working side over the other knee to press deeper.",
        ],
        "cautions": [
            "Skip the leg-cross until you're flexible enough to do it comfortably.",
        ],
        "mistakes": [],
        "variations": [],
    },
    {
        "slug": "psoas-lunge-stretch",
        "name": "Psoas lunge stretch",
        "kind": "stretch",
        "style": "dynamic",
        "level": "basic",
        "position": "kneeling",
        "source": S002,
        "summary": "A kneeling lunge that rocks the hip forwards to loosen the psoas.",
        "areas": ["hip-flexors", "lower-back"],
        "equipment": ["none"],
        "conditions": ["lower-back-pain"],
        **STRETCH_DOSE,
        "dose_suggested": True,
        "dose_note": ROCK_SUGGESTION,
        "steps": [
            "Kneel in a lunge with the back knee on the floor and the front foot flat.",
            "Tilt your pelvis back, as if aiming your belly button up at your face.",
            "Press the hip of the kneeling leg forwards until you feel the front of it stretch.",
            "Rock gently forwards and back rather than holding still; then swap legs.",
        ],
        "tips": [
            "The psoas runs from the lower spine to the top of the thigh bone; the article's "
            "author thinks a tight one is probably the main cause of lower-back trouble.",
        ],
        "progressions": [],
        "cautions": [NEVER_IN_PAIN],
        "mistakes": [],
        "variations": [],
    },
    {
        "slug": "frog-stretch",
        "name": "Frog stretch",
        "kind": "stretch",
        "style": "dynamic",
        "level": "basic",
        "position": "kneeling",
        "source": S002,
        "summary": "On all fours with knees wide, rock back to open the groin and hips.",
        "areas": ["inner-thigh", "hips"],
        "equipment": ["none"],
        "conditions": ["lower-back-pain"],
        "sets": 3,
        "seconds_min": 20,
        "seconds_max": 30,
        "dose_suggested": True,
        "dose_note": ROCK_SUGGESTION,
        "steps": [
            "Get on all fours and spread your knees apart, feet turned out.",
            "Push your hips back towards your heels.",
            "Rock slowly back and forth instead of holding the end position.",
        ],
        "tips": [
            "It stretches the groin and frees up the hips at the same time.",
        ],
        "progressions": [
            "Begin with the knees only as wide as you can manage and widen them over time.",
        ],
        "cautions": [NEVER_IN_PAIN],
        "mistakes": [],
        "variations": [],
    },
    # Source 003: nightly myofascial release with a ball.
    {
        "slug": "ball-release-thigh-hip",
        "name": "Ball release: thighs, hips and buttocks",
        "kind": "ball",
        "style": "dynamic",
        "level": "basic",
        "position": "wall",
        "source": S003,
        "summary": "Lean into a ball to ease tender spots in the thighs, calves and buttocks.",
        "areas": ["quads", "hamstrings", "calves", "glutes", "hips"],
        # Against a wall by default, or on the floor; a foam roller can replace the ball.
        "equipment": ["ball"],
        "also_works_with": ["foam-roller", "wall"],
        "conditions": ["knee-pain", "ankle-pain", "calf-foot-pain"],
        "seconds_min": 60,
        "at_least": True,
        "dose_note": "Each night, or whenever symptoms flare up.",
        "steps": [
            "Put the ball between your thigh and a wall and lean into it.",
            "Roll slowly across the thigh and stop for a few seconds on any tender spot until "
            "it eases.",
            "Work the front and the back of the thigh, and its outer side just in front of and "
            "just behind the side, never right on it; then the calves.",
            "Finish on the buttock: press the ball into the side and back of the hip, around "
            "your belt line.",
        ],
        "tips": [
            "Explore: you can use the ball almost anywhere and will likely find spots that feel "
            "better afterwards.",
            "Keep using it after your symptoms settle, to reduce tender spots.",
            "Once you've rolled your hips and legs for 5 minutes in total, the article says to "
            "move on to the next stretch and keep this up 2–3 times a week. Our suggestion: "
            "count those 5 minutes across nights.",
        ],
        "progressions": [
            "Pause longer on a spot to let the ball sink into the deeper tissue.",
        ],
        "cautions": [
            "Roll beside the side of the thigh, not right on it: picture the right thigh as a "
            "clock and work 2 and 4 o'clock, not 3.",
            "Don't use rolling on its own: pair it with exercises that strengthen.",
            "Tingling, pins and needles or a foot going numb: move the ball about an inch to "
            "one side.",
        ],
        "mistakes": [
            "Not making the most of it: the ball is easy to use, so try other areas too.",
            "Rolling straight on the side of the thigh, where the dense tissue responds poorly "
            "and hurts.",
            "Rolling too fast: hold each spot for several seconds so the pressure reaches deeper.",
            "Relying on it alone: add exercises that strengthen, or your body's load tolerance "
            "may drop.",
        ],
        "variations": [
            "Do it against a wall or lying on the floor, whichever is more comfortable.",
            "Use a foam roller instead of the ball.",
        ],
    },
    # Source 004: the hamstring sequence.
    {
        "slug": "roll-hamstrings",
        "name": "Foam roll: hamstrings (2 minutes)",
        "kind": "roll",
        "style": "dynamic",
        "level": "basic",
        "position": "floor",
        "source": S004,
        "summary": "Two minutes rolling the backs of the thighs to open the hamstring sequence.",
        "areas": ["hamstrings"],
        "equipment": ["foam-roller"],
        "conditions": ["lower-back-pain", "knee-pain"],
        "sets": 1,
        "seconds_min": 120,
        "dose_note": "One unbroken block before the ball release.",
        "steps": [
            "Sit on the floor with the roller under the backs of your thighs.",
            "Lift your hips with your hands.",
            "Push and pull yourself forwards and backwards to roll the whole length of the "
            "upper legs.",
        ],
        "tips": [
            "The article says hamstrings shortened by sitting commonly contribute to knee and "
            "lower-back pain.",
            WATER,
        ],
        "progressions": [],
        "cautions": [OFF_THE_KNEES],
        "mistakes": [],
        "variations": [],
    },
    {
        "slug": "lacrosse-ball-hamstring-release",
        "name": "Lacrosse ball hamstring release",
        "kind": "ball",
        "style": "dynamic",
        "level": "advanced",
        "position": "high-seat",
        "source": S004,
        "summary": "Sit on a ball under the hamstring and straighten the knee to free the muscle.",
        "areas": ["hamstrings"],
        "equipment": ["ball", "high-seat"],
        "conditions": ["lower-back-pain", "knee-pain"],
        "sets": 1,
        "seconds_min": 60,
        "per_side": True,
        "dose_note": "Only after the hamstrings are warm and rolled.",
        "work_word": "Knee lifts",
        "round_labels": [
            "Straighten and relax the knee 4–5 times, then move the ball 2–3 inches down",
        ],
        "steps": [
            "Sit on something high enough for your knee to bend at 90° with the foot off the "
            "floor.",
            "Place the lacrosse ball under the top of one hamstring and let the knee go slack.",
            "Straighten the knee slowly by lifting the foot, then let it drop back.",
            "After 4 or 5 lifts, move the ball 2 to 3 inches further towards the knee and repeat.",
            "Work down the thigh, stopping above the back of the knee; then change legs.",
        ],
        "tips": [],
        "progressions": [],
        "cautions": [
            "Do this only once the hamstrings are warmed up and rolled out.",
            "Keep the ball above the back of the knee: the same article says to avoid the "
            "backs of the knees.",
            "Tingling down the leg, pins and needles or a foot falling asleep: shift the ball "
            "an inch or so to the left or right.",
        ],
        "mistakes": [],
        "variations": [],
    },
    {
        "slug": "banded-hamstring-stretch",
        "name": "Banded hamstring stretch",
        "kind": "stretch",
        "style": "hold",
        "level": "basic",
        "position": "floor",
        "source": S004,
        "summary": "Lie on your back and draw a straight leg up with a band round the foot.",
        "areas": ["hamstrings"],
        "equipment": ["band"],
        "conditions": ["lower-back-pain", "knee-pain"],
        **HOLD_REST_REPEAT,
        "dose_suggested": True,
        "dose_note": STRETCH_SUGGESTION,
        "steps": [
            "Lie on your back and loop the band around the arch of one foot.",
            "Keep that knee straight and both hips on the floor.",
            "Draw the band gently towards you until you feel the back of that leg lengthen.",
            "Hold, then change legs.",
        ],
        "tips": [],
        "progressions": [
            "Add movement: ease the leg a little up and down within the stretch instead of "
            "only holding.",
        ],
        "cautions": [NEVER_IN_PAIN],
        "mistakes": [],
        "variations": [
            "No band? A towel or an old T-shirt does the same job.",
        ],
    },
]

TEXT_LISTS = ("tips", "progressions", "cautions", "mistakes", "variations", "round_labels")


_DOSE_DEFAULTS = {name: None for name in DOSE_FIELD_NAMES} | {
    "per_side": False,
    "at_least": False,
    "repeat_freely": False,
    "dose_note": "",
}


def field_names(model) -> set[str]:
    """The fields a (possibly historical) model has: older migrations load what they can."""
    return {field.name for field in model._meta.get_fields()}


def load_library(apps, schema_editor=None) -> None:
    """Create or update the sources, lookups and exercises (with steps) from the lists above.

    Idempotent: the first data migration creates the rows and later ones bring them up to
    date. Only the fields the migration's historical model has are written, so an early
    migration still runs against the current lists.
    """
    Source = apps.get_model("exercises", "Source")
    BodyArea = apps.get_model("exercises", "BodyArea")
    Equipment = apps.get_model("exercises", "Equipment")
    Condition = apps.get_model("exercises", "Condition")
    Exercise = apps.get_model("exercises", "Exercise")
    Step = apps.get_model("exercises", "Step")

    sources = {
        row["key"]: Source.objects.update_or_create(
            key=row["key"], defaults={"title": row["title"], "author": row["author"]}
        )[0]
        for row in SOURCES
    }
    areas = {
        slug: BodyArea.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})[
            0
        ]
        for order, (slug, name) in enumerate(BODY_AREAS, start=1)
    }
    kit = {
        slug: Equipment.objects.update_or_create(
            slug=slug, defaults={"name": name, "icon": icon, "order": order}
        )[0]
        for order, (slug, name, icon) in enumerate(EQUIPMENT, start=1)
    }
    conditions = {
        slug: Condition.objects.update_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )[0]
        for order, (slug, name) in enumerate(CONDITIONS, start=1)
    }
    known = field_names(Exercise)
    for order, row in enumerate(EXERCISES, start=1):
        # Every dose field is written, so a value dropped from a row goes back to its default.
        fields = {name: row.get(name, _DOSE_DEFAULTS[name]) for name in DOSE_FIELD_NAMES}
        fields.update({name: "\n".join(row.get(name, [])) for name in TEXT_LISTS})
        fields.update(
            name=row["name"],
            kind=row["kind"],
            style=row["style"],
            level=row["level"],
            position=row["position"],
            dose_suggested=row.get("dose_suggested", False),
            work_word=row.get("work_word", ""),
            summary=row["summary"],
            illustration=f"exercise-{row['slug']}.svg",
            source=sources[row["source"]],
            order=order,
        )
        exercise, _ = Exercise.objects.update_or_create(
            slug=row["slug"], defaults={k: v for k, v in fields.items() if k in known}
        )
        exercise.body_areas.set([areas[slug] for slug in row["areas"]])
        exercise.equipment.set([kit[slug] for slug in row["equipment"]])
        exercise.conditions.set([conditions[slug] for slug in row["conditions"]])
        if "also_works_with" in known:
            exercise.also_works_with.set([kit[slug] for slug in row.get("also_works_with", [])])
        Step.objects.filter(exercise=exercise).delete()
        Step.objects.bulk_create(
            Step(exercise=exercise, order=number, text=text)
            for number, text in enumerate(row["steps"], start=1)
        )


def bump_library_version(apps, schema_editor=None) -> None:
    """Move the cache token on, so no cached page shows content a migration replaced."""
    LibraryVersion = apps.get_model("exercises", "LibraryVersion")
    LibraryVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def unload_library(apps, schema_editor=None) -> None:
    """Reverse of load_library: remove exactly the rows it created."""
    Exercise = apps.get_model("exercises", "Exercise")
    Exercise.objects.filter(slug__in=[row["slug"] for row in EXERCISES]).delete()
    apps.get_model("exercises", "BodyArea").objects.filter(
        slug__in=[slug for slug, _ in BODY_AREAS]
    ).delete()
    apps.get_model("exercises", "Equipment").objects.filter(
        slug__in=[slug for slug, _, _ in EQUIPMENT]
    ).delete()
    apps.get_model("exercises", "Condition").objects.filter(
        slug__in=[slug for slug, _ in CONDITIONS]
    ).delete()
    apps.get_model("exercises", "Source").objects.filter(
        key__in=[row["key"] for row in SOURCES]
    ).delete()
