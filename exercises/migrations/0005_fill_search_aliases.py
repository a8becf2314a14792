"""The words people type for the library's body areas, conditions and equipment.

Staff edit them in the admin afterwards; this only fills aliases that are still empty.
"""

import uuid

from django.db import migrations

ALIASES: dict[str, dict[str, str]] = {
    "BodyArea": {
        "hamstrings": "back of the thigh, hammies",
        "glutes": "buttocks, bum, butt, backside, bottom, gluteus",
        "calves": "calf muscle, back of the lower leg, gastrocnemius, soleus",
        "quads": "quadriceps, front of the thigh, thigh muscle",
        "hip-flexors": "psoas, iliopsoas, front of the hip",
        "inner-thigh": "adductors, groin, inner thigh",
        "shins": "shin splints, front of the lower leg, tibialis",
        "it-band": "ITB, iliotibial band, IT band, outer thigh, side of the thigh",
        "hips": "hip joint, pelvis",
        "lower-back": "low back, lumbar, small of the back",
        "upper-back": "mid back, middle back, thoracic spine",
    },
    "Condition": {
        "lower-back-pain": (
            "back pain, sore back, bad back, backache, back ache, stiff back, "
            "lower back pain, low back pain, lumbago"
        ),
        "knee-pain": "sore knees, knee ache, achy knees",
        "hip-pain": "sore hips, tight hips, stiff hips, hip ache",
        "groin-pain": "groin strain, pulled groin",
        "sciatica": "sciatic nerve, sciatic pain, pain down the leg, pinched nerve",
        "plantar-fasciitis": "plantar fascia, arch pain, sole of the foot",
        "calf-foot-pain": "sore calves, tight calves, calf pain, sore feet, foot pain",
        "heel-pain": "sore heels",
        "ankle-pain": "sore ankles, stiff ankles",
        "knee-cap-issues": "kneecap, patella, runner's knee",
        "gait-issues": "walking, gait, limp, stride",
        "foot-alignment": "feet turning out, foot position",
        "bunions": "bunion, big toe",
        "upper-back-tension": "tight upper back, stiff upper back, hunched shoulders",
        "shoulder-flexibility": "stiff shoulders, tight shoulders, shoulder mobility",
        "stress-anxiety": "stress, anxiety, relax, relaxation, calm, unwind, wind down",
    },
    "Equipment": {
        "foam-roller": "roller, foam",
        "ball": "tennis ball, massage ball, lacrosse ball, spiky ball",
        "band": "towel, tea towel, strap, belt, exercise band, resistance band, yoga strap",
        "chair": "stool, bench, seat",
        "pillow": "cushion, kneeling pad",
        "none": "nothing, bodyweight, body weight",
    },
}


def fill_aliases(apps, schema_editor) -> None:
    for model_name, rows in ALIASES.items():
        model = apps.get_model("exercises", model_name)
        for slug, aliases in rows.items():
            model.objects.filter(slug=slug, aliases="").update(aliases=aliases)
    _new_library_version(apps)


def clear_aliases(apps, schema_editor) -> None:
    for model_name, rows in ALIASES.items():
        model = apps.get_model("exercises", model_name)
        for slug, aliases in rows.items():
            model.objects.filter(slug=slug, aliases=aliases).update(aliases="")
    _new_library_version(apps)


def _new_library_version(apps) -> None:
    # update() sends no signals: move the cache token on so no page cached before is served.
    apps.get_model("exercises", "LibraryVersion").objects.filter(pk=1).update(
        token=uuid.uuid4().hex
    )


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0004_search_aliases"),
    ]

    operations = [
        migrations.RunPython(fill_aliases, clear_aliases),
    ]
