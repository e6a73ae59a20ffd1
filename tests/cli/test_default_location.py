"""Where the database lives when neither --db nor AOS_DB says: platformdirs' user data dir.
runtime.default_db_path reads the Linux (XDG) rule itself to keep platformdirs off the start-up
of every command; these pin it to platformdirs' own answer."""

import os
import sys

import platformdirs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aostime.runtime import default_db_path, login_path


def platformdirs_answer() -> str:
    return os.path.join(platformdirs.user_data_dir("aostime"), "aostime.db")


ENVIRONMENTS = [
    {"HOME": "/home/ana"},
    {"HOME": "/home/ana/"},
    {"HOME": "/"},
    {"HOME": "//srv//ana"},
    {"HOME": "/home/ana", "XDG_DATA_HOME": "/data/ana"},
    {"HOME": "/home/ana", "XDG_DATA_HOME": "/data/ana/"},
    {"HOME": "/home/ana", "XDG_DATA_HOME": "relative/data"},
    {"HOME": "/home/ana", "XDG_DATA_HOME": ""},
    {"HOME": "/home/ana", "XDG_DATA_HOME": " /data"},
    {"HOME": "relative-home"},
    {"HOME": ""},
    {},
]


@pytest.mark.parametrize("env", ENVIRONMENTS, ids=repr)
def test_the_default_database_is_where_platformdirs_puts_user_data(monkeypatch, env):
    for name in ("HOME", "XDG_DATA_HOME", "ANDROID_DATA", "ANDROID_ROOT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    try:
        expected = platformdirs_answer()
    except (RuntimeError, KeyError) as exc:  # no home at all: both must refuse alike
        with pytest.raises(type(exc)):
            default_db_path()
        return
    assert default_db_path() == expected


@pytest.mark.parametrize("env", ENVIRONMENTS, ids=repr)
def test_the_login_file_is_where_platformdirs_puts_user_config(monkeypatch, env):
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "ANDROID_DATA", "ANDROID_ROOT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name.replace("XDG_DATA_HOME", "XDG_CONFIG_HOME"), value)
    try:
        expected = os.path.join(platformdirs.user_config_dir("aostime"), "login.json")
    except (RuntimeError, KeyError) as exc:
        with pytest.raises(type(exc)):
            login_path()
        return
    assert login_path() == expected


path_text = st.text(alphabet="/ab.~ -", max_size=12)


@settings(max_examples=300, deadline=None)
@given(home=path_text, data=st.none() | path_text)
def test_the_default_database_agrees_with_platformdirs_for_any_home_and_xdg_data_home(home, data):
    saved = {k: os.environ.get(k) for k in ("HOME", "XDG_DATA_HOME")}
    try:
        os.environ["HOME"] = home
        if data is None:
            os.environ.pop("XDG_DATA_HOME", None)
        else:
            os.environ["XDG_DATA_HOME"] = data
        try:
            expected = platformdirs_answer()
        except (RuntimeError, KeyError):
            return
        assert default_db_path() == expected
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_the_status_command_does_not_import_platformdirs_on_linux(tmp_path):
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in ("AOS_DB", "XDG_DATA_HOME")}
    env["HOME"] = str(tmp_path)
    code = (
        "import sys; from aostime.entry import main; main(['status', '--quiet']); print('platformdirs' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert out.stdout.strip() == ("True" if sys.platform != "linux" else "False"), out.stderr
    assert (tmp_path / ".local" / "share" / "aostime" / "aostime.db").exists()
