from django.urls import path

from .views import dayswaps

urlpatterns = [
    path("calendar/day-swaps/", dayswaps.day_swap_list, name="day_swaps"),
    path("calendar/day-swaps/add/", dayswaps.day_swap_edit, name="day_swap_add"),
    path("calendar/day-swaps/<int:pk>/edit/", dayswaps.day_swap_edit, name="day_swap_edit"),
    path("calendar/day-swaps/<int:pk>/delete/", dayswaps.day_swap_delete, name="day_swap_delete"),
]
