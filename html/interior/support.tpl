{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<h2>Je ne connais pas le mot de passe demandé sur la page de connexion</h2>
<p>Vous pouvez obtenir un nouveau mot de passe en ligne avec votre matricule (au dos de votre carte agent), votre date de naissance et votre donnée secrète de réassort : les 6 premiers caractères du numéro de votre carte agent suivis des 6 derniers caractères de votre IBAN (bancaire).</p>
<p><a class="button" href="{{REGENERATION_URL}}">Demande de régénération du mot de passe</a></p>
<h2>J'ai un autre problème</h2>
<p>Si vous ne parvenez pas à régénérer votre mot de passe en ligne, ou si vous avez perdu votre code de sécurité, signalez-vous au président de votre bureau de vote électronique : muni de votre pièce d'identité et de votre carte professionnelle, il vous remettra un nouveau mot de passe ou un nouveau code de sécurité.</p>
<p><a href="{{LOGIN_URL}}">Retour à la page de connexion</a></p>
