from django.urls import path

from tousu.improve import views, views_contract, views_review, views_reward, views_survey

app_name = "improve"

urlpatterns = [
    path("", views.action_list, name="list"),
    path("issue/", views.issue, name="issue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/notice.docx", views.notice, name="notice"),
    path("<int:pk>/<str:step>/", views.act, name="act"),
    path("proposals/", views_review.proposal_list, name="proposals"),
    path("proposals/<int:pk>/", views_review.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/<str:step>/", views_review.proposal_act, name="proposal_act"),
    path("reviews/", views_review.review_list, name="reviews"),
    path("reviews/<int:pk>/", views_review.review_detail, name="review"),
    path("reviews/<int:pk>/<str:step>/", views_review.review_act, name="review_act"),
    path("rewards/", views_reward.reward_list, name="rewards"),
    path("rewards/<int:pk>/", views_reward.reward_detail, name="reward"),
    path("rewards/<int:pk>/<str:step>/", views_reward.reward_act, name="reward_act"),
    path("services/", views_contract.service_list, name="services"),
    path("services/<int:pk>/", views_contract.service_detail, name="service"),
    path("services/<int:pk>/<str:step>/", views_contract.service_act, name="service_act"),
    path("surveys/", views_survey.survey_list, name="surveys"),
    path("surveys/<int:pk>/", views_survey.survey_detail, name="survey"),
    path("surveys/<int:pk>/send/", views_survey.survey_send, name="survey_send"),
    path("customers/", views_survey.customer_information, name="customers"),
]
