"""The tests' media storage: in memory, one tree for the whole test process."""

from django.core.files.storage import InMemoryStorage


class ProcessInMemoryStorage(InMemoryStorage):
    """Django's in-memory storage, whose files outlive a change of the STORAGES setting.

    A test that switches storages for a while (documents served from files, say) makes Django
    build the default storage anew afterwards: a plain InMemoryStorage would come back empty,
    and the demo site's images, built once for many tests, would be gone for the tests after
    it. Every instance here shares one tree.
    """

    _shared_root = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if ProcessInMemoryStorage._shared_root is None:
            ProcessInMemoryStorage._shared_root = self._root
        self._root = ProcessInMemoryStorage._shared_root
