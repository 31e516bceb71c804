"""A run folder's YAML read through libyaml gives what `yaml.safe_load` gives: the same data, the same errors,
and nothing instantiated."""

from __future__ import annotations

import pytest
import yaml

from sim.api import compose
from sim.experiment.folder import config_yaml
from sim.experiment.results import read_yaml

TRICKY = "a: 1e3\nb: 2022-10-01\nc: .inf\nd: ~\ne: 0o17\nf: 1_000\ng: yes\nh: [1, 'x']\ni: {j: -0.5}\n"
BAD = ["a: [1", "a: \x01", "x: !!python/object/apply:os.system ['true']", "a: &x 1\nb: *y"]


@pytest.mark.parametrize("libyaml", [True, False])
def test_read_yaml_is_safe_load(libyaml, monkeypatch):
    if libyaml and not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")
    monkeypatch.setattr(yaml, "__with_libyaml__", libyaml)
    text = config_yaml(compose(["+scenario=unprepared_conscripts"]))
    assert read_yaml(text) == yaml.safe_load(text)
    assert read_yaml(TRICKY) == yaml.safe_load(TRICKY)
    for bad in BAD:
        with pytest.raises(yaml.YAMLError) as err:
            yaml.safe_load(bad)
        with pytest.raises(type(err.value)):
            read_yaml(bad)


def test_read_yaml_uses_libyaml_where_it_is(monkeypatch):
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")
    used = []
    real = yaml.load

    def load(text, Loader):
        used.append(Loader)
        return real(text, Loader=Loader)

    monkeypatch.setattr(yaml, "load", load)
    assert read_yaml("a: 1") == {"a": 1}
    assert used == [yaml.CSafeLoader]
