"""airbyte-cdk's standard tests (`SourceTestSuiteBase`), unchanged, against the connector's real CLI.

The scenarios are the configs of acceptance-test-config.yml (FQL v4 and v10, and the invalid
config). The only seam is how a command is launched: where the CDK would run a Python connector
in-process, each command runs `node bin/source-fauna.js <verb> --config ... [--catalog ...]`, and
its output is read as the CDK's Docker suite reads a container's (stdout lines as messages, a
non-zero exit code as an uncaught error). The configs name the demo server's default port (8443):
the launch points them at the server this module starts on a free port.
"""

import json
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml
from airbyte_cdk.models import ConnectorSpecificationSerializer
from airbyte_cdk.test import entrypoint_wrapper
from airbyte_cdk.test.entrypoint_wrapper import EntrypointOutput
from airbyte_cdk.test.standard_tests import SourceTestSuiteBase
from airbyte_cdk.test.standard_tests._spec_compatibility import compare_specs

REPOSITORY = Path(__file__).resolve().parents[2]
SERVER: dict[str, object] = {}


class SourceFaunaCli:
    """The connector as the CDK's job runner sees it (it wants a `spec` method), launched as a process."""

    def spec(self, logger):  # noqa: ARG002 - the CDK's IConnector protocol
        raise NotImplementedError("source-fauna runs through its CLI: see launch()")

    def launch(self, args: list[str]) -> EntrypointOutput:
        args = list(args)
        with tempfile.TemporaryDirectory() as folder:
            if "--config" in args:
                at = args.index("--config") + 1
                config = json.loads(Path(args[at]).read_text())
                config.update(domain=SERVER["host"], port=SERVER["port"])
                args[at] = str(Path(folder) / "config.json")
                Path(args[at]).write_text(json.dumps(config))
            command = ["node", str(REPOSITORY / "bin" / "source-fauna.js"), *args]
            result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        return EntrypointOutput(
            command=command,
            messages=result.stdout.splitlines(),
            stderr=result.stderr,
            uncaught_exception=(
                subprocess.CalledProcessError(result.returncode, command, result.stdout, result.stderr)
                if result.returncode != 0
                else None
            ),
        )


@pytest.fixture(scope="module", autouse=True)
def launch_through_the_cli(monkeypatch_module):
    """Every command the suite runs for SourceFaunaCli goes through its launch()."""
    in_process = entrypoint_wrapper._run_command  # noqa: SLF001 - the CDK's job runner calls it

    def run_command(source, args, *rest, **options):
        if isinstance(source, SourceFaunaCli):
            return source.launch(args)
        return in_process(source, args, *rest, **options)

    monkeypatch_module.setattr(entrypoint_wrapper, "_run_command", run_command)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module", autouse=True)
def demo_server():
    """`fauna-emulator --port 0 --demo`, as a user serves the demo database. Its root secret is the
    default, `secret`, which integration_tests/config-*.json hold."""
    child = subprocess.Popen(
        ["node", str(REPOSITORY / "bin" / "fauna-emulator.js"), "--port", "0", "--demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = child.stdout.readline().strip()
        match = re.fullmatch(r"fauna-emulator listening on http://(127\.0\.0\.1):(\d+)", line)
        assert match, f"fauna-emulator did not start: {line!r}"
        SERVER.update(host=match[1], port=int(match[2]))
        yield
    finally:
        child.terminate()
        child.wait(timeout=30)


class TestSourceFauna(SourceTestSuiteBase):
    @classmethod
    def create_connector(cls, scenario):  # noqa: ARG003 - one connector for every scenario
        return SourceFaunaCli()


def test_spec_backward_compatible_with_0_1_10():
    """The CDK's own spec comparison (that of test_docker_image_spec_backward_compatibility, which
    fetches the published spec from Airbyte's registry), fed the spec of airbyte-source-fauna
    0.1.10, the previous image of this definition id, from test/packaging/spec-0.1.10.yaml."""
    previous = yaml.safe_load((REPOSITORY / "test" / "packaging" / "spec-0.1.10.yaml").read_text())
    output = SourceFaunaCli().launch(["spec"])
    assert len(output.spec_messages) == 1, output.get_formatted_error_message()
    current = output.spec_messages[0].spec
    comparison = compare_specs(previous, ConnectorSpecificationSerializer.dump(current))
    assert comparison.breaking == [], "\n".join(comparison.breaking)
