"""vn-plan-kg: a knowledge graph of the plans, targets, projects and commitments in Vietnamese
provincial resolutions. Data flows text → structure → records → resolved entities → RDF → store;
see the README's "How it works" for the module of each stage."""

__version__ = "0.1.0"


def lazy(name: str):
    """Module ``name`` (e.g. "kg.derive"), executed on first attribute access: each CLI command
    needs a few of the pipeline's stages, and importing them all cost 0.3 s on every call."""
    import importlib.util
    import sys
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
