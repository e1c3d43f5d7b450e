from django.urls import path

from . import views

urlpatterns = [
    path("organizations/<str:code>/meetings/", views.calendar, name="meeting_calendar"),
    path("organizations/<str:code>/meetings/plan/", views.plan, name="meeting_plan"),
    path("meetings/<int:pk>/", views.detail, name="meeting_detail"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/vote/", views.vote, name="meeting_vote"),
    path("meetings/<int:pk>/adopt/", views.adopt, name="meeting_adopt"),
    path("meetings/<int:pk>/correct/", views.correct, name="meeting_correct"),
    path("meetings/<int:pk>/agenda/", views.agenda_item, name="meeting_agenda_item"),
    path("meetings/<int:pk>/materials/", views.material, name="meeting_material"),
    path("meeting-materials/<int:pk>/", views.material_file, name="meeting_material_file"),
    path("my/meetings/", views.my_meetings, name="my_meetings"),
    path("my/meetings/<int:pk>/excuse/", views.excuse, name="meeting_excuse"),
]
