from django.apps import AppConfig


def _install_day_swaps(sender, using="default", **kwargs) -> None:
    # lazy: runs after migrate (and after a test's flush), when every model is loaded
    from .dayswaps import install_shipped

    install_shipped(using)


def _ensure_stamps(sender, using="default", **kwargs) -> None:
    # every table's change stamp and its triggers (new tables, SQLite's rebuilt ones, a flush)
    from django.db import connections

    # lazy: runs after migrate, when every model is loaded
    from .db import result_cache, stamps

    stamps.ensure(connections[using])
    result_cache.forget_tables()


class CoreConfig(AppConfig):
    name = "coso.core"
    label = "core"
    verbose_name = "Chung"

    def ready(self) -> None:
        # Cache invalidation only (no business logic): an edited day-swap must show at once.
        from django.db.models.signals import post_delete, post_migrate, post_save

        # lazy: ready() hooks the signal handlers once every model is loaded
        from .calendar import clear_calendar_cache
        from .models import DaySwap

        def _clear(**kwargs) -> None:
            clear_calendar_cache()

        post_save.connect(_clear, sender=DaySwap, weak=False, dispatch_uid="core.dayswap.save")
        post_migrate.connect(_install_day_swaps, sender=self, dispatch_uid="core.dayswap.shipped")
        post_migrate.connect(_ensure_stamps, sender=self, dispatch_uid="core.stamps")
        post_delete.connect(_clear, sender=DaySwap, weak=False, dispatch_uid="core.dayswap.delete")
