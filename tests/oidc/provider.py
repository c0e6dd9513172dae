"""A real OpenID provider on 127.0.0.1 for the single sign-on tests: Node.js runs the
`oidc-provider` package (tests/oidc/provider.js; `make test` installs it with `npm ci`).

Use the `oidc_provider` fixture (import it into a test module): it knows its issuer, its
client, its signing key (so a test can also sign tokens as the provider would) and lets a test
set the accounts a person can sign in with at the provider.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

HERE = Path(__file__).resolve().parent
CLIENT_ID = "paraat-test"
CLIENT_SECRET = "paraat-test-secret-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OidcProvider:
    def __init__(self, folder: Path, *, redirect_uris: list[str], post_logout: list[str]):
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.client_id, self.client_secret = CLIENT_ID, CLIENT_SECRET
        self.key = RSAKey.generate_key(
            2048, parameters={"kid": "test-key-1", "use": "sig", "alg": "RS256"}, private=True
        )
        self.accounts_file = folder / "accounts.json"
        self.accounts: dict[str, dict] = {}
        self._write_accounts()
        config = {
            "issuer": self.issuer,
            "port": self.port,
            "accounts_file": str(self.accounts_file),
            "jwks": {"keys": [self.key.as_dict(private=True)]},
            "clients": [
                {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": redirect_uris,
                    "post_logout_redirect_uris": post_logout,
                    "grant_types": ["authorization_code"],
                    "response_types": ["code"],
                }
            ],
        }
        config_file = folder / "config.json"
        config_file.write_text(json.dumps(config))
        node = shutil.which("node")
        if node is None or not (HERE / "node_modules" / "oidc-provider").is_dir():
            pytest.fail("the test OpenID provider is not installed: run `make install-test`")
        self.log = (folder / "provider.log").open("w")
        self.process = subprocess.Popen(
            [node, str(HERE / "provider.js"), str(config_file)],
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            cwd=HERE,
        )
        line = self.process.stdout.readline()
        if not line.startswith("ready"):
            self.stop()
            pytest.fail(f"the test OpenID provider did not start: {line!r}")

    def _write_accounts(self) -> None:
        self.accounts_file.write_text(json.dumps(self.accounts))

    def set_account(self, login: str, **claims) -> None:
        """An account at the provider; `login` is its subject (sub)."""
        self.accounts[login] = claims
        self._write_accounts()

    def sign(self, claims: dict, key: RSAKey | None = None) -> str:
        """An ID token as this provider (or, with another key, an impostor) would sign it."""
        key = key or self.key
        return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    """The provider, with Paraat's live server registered as its client."""
    provider = OidcProvider(
        tmp_path_factory.mktemp("oidc"),
        redirect_uris=[live_server.url + "/sso/callback/"],
        post_logout=[live_server.url + "/account/login/"],
    )
    yield provider
    provider.stop()


def wait_until(predicate, timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False
