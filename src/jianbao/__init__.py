"""jianbao (简报): from Chinese ICT-industry news to a reviewed bulletin.

The package is a pipeline; each stage is a subpackage with one entry function:
``collect`` (files, later the web) -> ``extract`` -> ``store`` -> ``bulletin``.
``cli`` is the only module that prints.
"""

__version__ = "0.1.0"
