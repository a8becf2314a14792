"""Print a new VAPID key pair as the environment variables config/settings.py reads."""

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management.base import BaseCommand


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def new_key_pair() -> tuple[str, str]:
    """(private, public), base64url without padding: the private key's 32-byte number, and
    the public key as the uncompressed P-256 point browsers take as applicationServerKey."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return _b64url(private), _b64url(public)


class Command(BaseCommand):
    help = "Print a new VAPID key pair for Web Push. Make it once: new keys end every subscription."

    def handle(self, *args, **options) -> None:
        private, public = new_key_pair()
        self.stdout.write(f"VAPID_PRIVATE_KEY={private}\nVAPID_PUBLIC_KEY={public}\n")
