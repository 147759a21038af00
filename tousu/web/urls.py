from django.urls import path

from tousu.web.views import case, notices, oversight, register, saved, search, worklist

app_name = "web"

urlpatterns = [
    path("", worklist.worklist, name="worklist"),
    path("rows/<str:section>/", worklist.more_rows, name="rows"),
    path("filters/save/", saved.save_filter, name="save_filter"),
    path("filters/<int:pk>/delete/", saved.delete_filter, name="delete_filter"),
    path("register/", register.register_page, name="register"),
    path("register/caller/", register.caller, name="caller"),
    path("register/suggestions/", register.suggestions, name="suggestions"),
    path("register/urgent/", register.urgent_hint, name="urgent_hint"),
    path("register/confidential/", register.confidential_field, name="confidential_field"),
    path("register/mentions/", register.mentions, name="mentions"),
    path("registered/<str:number>/", register.registered, name="registered"),
    path("cases/<str:number>/", case.case_page, name="case"),
    path("cases/<str:number>/act/<str:action>/", case.act, name="act"),
    path("cases/<str:number>/form/<str:action>/", case.action_form_view, name="action_form"),
    path("cases/<str:number>/attach/", case.attach, name="attach"),
    path("cases/<str:number>/reveal/", case.reveal, name="reveal"),
    path("cases/<str:number>/files/<str:token>/", case.download, name="download"),
    path("oversight/", oversight.oversight, name="oversight"),
    path("search/", search.search, name="search"),
    path("notifications/", notices.notifications, name="notifications"),
    path("notifications/bell/", notices.bell, name="bell"),
    path("notifications/read/", notices.mark_read, name="mark_read"),
    path("notifications/preferences/", notices.preferences, name="notice_preferences"),
]
