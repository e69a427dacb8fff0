{{T_mail_hello}}{{#NAMED}} {{DISPLAY_NAME}}{{/NAMED}},

{{T_cm_mail_refused}}

{{T_cm_mail_refused_why}}

{{T_mail_not_you_contact}}{{#HAS_ASSISTANCE}}{{T_colon}} {{ASSISTANCE_CONTACT}}{{/HAS_ASSISTANCE}}.

{{T_mail_no_reply}}

{{T_mail_regards}}

{{ORGANISATION}}
{{POSTAL_ADDRESS}}
