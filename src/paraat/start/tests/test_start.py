"""The start page (where each person is sent, what they have to do next) and `paraat demo`
(loads the demo region once, serves the web server and the job worker together)."""

import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from paraat.accounts.models import Membership, User
from paraat.regions.models import Municipality, Region
from paraat.start.management.commands.demo import serve_together


def test_start_page_says_what_an_administrator_has_to_do(world):
    client = Client()
    client.force_login(world.users["admin"])
    body = client.get(reverse("start:region_home", args=[world.region.slug])).content.decode()
    assert "Wat u nu te doen hebt" in body
    assert "Gebruikers beheren" in body


def test_home_sends_a_national_reader_to_the_national_view(world):
    client = Client()
    client.force_login(world.users["national"])
    response = client.get(reverse("start:home"))
    assert response["Location"] == reverse("national:index")


def test_demo_loads_vnog_and_a_second_run_duplicates_nothing(db):
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    counts = (
        Region.objects.count(),
        Municipality.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    call_command("demo", "--no-serve", stdout=StringIO())
    assert counts == (
        Region.objects.count(),
        Municipality.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    vnog = Region.objects.get(code="VR06")
    assert vnog.is_demo and vnog.municipalities.count() == 22
    assert vnog.municipalities.get(code="GM0200").boundary["type"] == "Polygon"
    assert "apeldoorn@demo.paraat.nl" in out.getvalue()
    assert "paraat-demo" in out.getvalue()
    assert User.objects.get(email="cfg@demo.paraat.nl").check_password("paraat-demo")


def test_demo_stops_the_web_server_and_the_worker_together():
    started = time.monotonic()
    # The "web server" stops at once: the "worker" must be stopped with it, not left running.
    code = serve_together([[sys.executable, "-c", "pass"], ["sleep", "60"]], grace=5)
    assert time.monotonic() - started < 10
    assert code == 0


def test_demo_ctrl_c_stops_both(tmp_path):
    script = (
        "import sys, time\n"
        "from paraat.start.management.commands.demo import serve_together\n"
        "sys.exit(serve_together([['sleep', '60'], ['sleep', '61']], grace=5))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script])
    time.sleep(1.5)
    children = subprocess.run(
        ["pgrep", "-P", str(proc.pid)], capture_output=True, text=True
    ).stdout.split()
    assert len(children) == 2
    proc.send_signal(2)  # SIGINT, as Ctrl-C
    proc.wait(timeout=10)
    time.sleep(0.2)
    for pid in children:
        stat = Path(f"/proc/{pid}/stat")
        assert not stat.exists() or " Z " in stat.read_text(), "stopped (at most a zombie)"
