"""The CDK's pytest hooks: they parametrize the standard tests with the scenarios of
acceptance-test-config.yml."""

import pytest

pytest_plugins = ["airbyte_cdk.test.standard_tests.pytest_hooks"]


def pytest_collection_modifyitems(items):
    """The image tests cannot apply here: skip them, with the reason."""
    reason = (
        "airbyte-cdk builds connector images only for Python, Java and manifest-only connectors "
        "(its ConnectorLanguage), not for language:typescript, and the Dockerfile's base image needs "
        "Docker Hub, which is not reachable here; this module runs the same commands through the "
        "image's entry point, bin/source-fauna.js, and test/packaging/image.test.ts checks the Dockerfile"
    )
    for item in items:
        if item.get_closest_marker("image_tests") is not None:
            item.add_marker(pytest.mark.skip(reason=reason))
