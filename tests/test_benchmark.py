"""The benchmark script keeps working with the code it measures (it once fell behind a change of
the model and nobody noticed): one repetition on the shipped content, numbers not judged."""
import importlib.util

from .conftest import ROOT


def test_benchmark_runs_on_the_shipped_content(capsys):
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "benchmark.py")
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    benchmark.run(ROOT, 1)
    out = capsys.readouterr().out
    assert "mkdocs build --strict" in out and "first visit of the home page" in out and "PDF of every year" in out
