{{T_mail_hello:none}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

{{T_co_mail_link_asked:none}}

{{T_co_mail_link_open:none}}

{{LINK}}

{{T_co_mail_link_ttl:none}}

{{T_co_mail_link_no_phone:none}}

{{T_co_mail_link_not_you:none}}

{{T_mail_no_reply:none}}

{{ORGANISATION}}
